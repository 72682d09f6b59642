/**
 * The SQL pieces a `Match` is built from, per engine, side by side. Values are always bound
 * (`param`); the only text pasted is SQL written here and property names that passed
 * propNameSchema (ClickHouse 18.16's visitParam* functions need the key as a literal).
 */
import type { Dialect } from '../store/EventStore.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { param, rawSql, sql } from './SqlFragment.ts';

export interface MatchDialect {
  /** The property as text, NULL when absent or null. `name` has passed propNameSchema. */
  propText(name: string): SqlFragment;
  /** The property as a double, NULL when absent or not a number. */
  propNumber(name: string): SqlFragment;
  /** True when the property is present and not JSON null (never NULL itself). */
  propPresent(name: string): SqlFragment;
  /** A bound number, typed as a double. */
  number(value: number): SqlFragment;
  /** `path` matches an anchored RE2 pattern (bound). */
  pathMatches(pattern: string): SqlFragment;
  /** `text` contains a match of an unanchored RE2 pattern (bound). */
  regexFinds(text: SqlFragment, pattern: string): SqlFragment;
  contains(text: SqlFragment, needle: string): SqlFragment;
  /** The referrer URL, lower-cased, contains `needle` (already lower-case). */
  referrerContains(needle: string): SqlFragment;
  /** True where `condition` is false or NULL: "the event does not match". */
  not(condition: SqlFragment): SqlFragment;
}

/**
 * Which property texts are numbers: JSON's number grammar (leading zeros allowed), the same on both
 * engines — DuckDB's TRY_CAST alone would also take " 12", "+5" or "inf", ClickHouse's
 * toFloat64OrNull not, and funnels must count the same events on both.
 */
export const NUMBER_TEXT = '^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$';

export const MATCH_DIALECTS: Record<Dialect, MatchDialect> = {
  duckdb: {
    // The JSON path is a bound value; the key is quoted so `.` and `-` stay part of the name.
    propText: (name) => sql`json_extract_string(props, ${param(`$."${name}"`)})`,
    propNumber: (name) => {
      const text = sql`json_extract_string(props, ${param(`$."${name}"`)})`;
      return sql`(CASE WHEN regexp_full_match(${text}, ${param(NUMBER_TEXT)}) THEN CAST(${text} AS DOUBLE) END)`;
    },
    propPresent: (name) => sql`(json_extract_string(props, ${param(`$."${name}"`)}) IS NOT NULL)`,
    number: (value) => sql`CAST(${param(value)} AS DOUBLE)`,
    pathMatches: (pattern) => sql`regexp_full_match(path, ${param(pattern)})`,
    regexFinds: (text, pattern) => sql`regexp_matches(${text}, ${param(pattern)})`,
    contains: (text, needle) => sql`contains(${text}, ${param(needle)})`,
    referrerContains: (needle) => sql`contains(lower(referrer), ${param(needle)})`,
    not: (condition) => sql`(NOT COALESCE(${condition}, FALSE))`,
  },
  clickhouse: {
    propText: clickHousePropText,
    propNumber: (name) => sql`if(match(ifNull(${clickHousePropText(name)}, ''), ${param(NUMBER_TEXT)}), toFloat64OrNull(${clickHousePropText(name)}), NULL)`,
    propPresent: (name) => rawSql(`(ifNull(visitParamExtractRaw(props, '${name}'), '') NOT IN ('', 'null'))`),
    number: (value) => sql`toFloat64(${param(value)})`,
    pathMatches: (pattern) => sql`match(path, ${param(pattern)})`,
    regexFinds: (text, pattern) => sql`match(${text}, ${param(clickHouseFlagsScoped(pattern))})`,
    contains: (text, needle) => sql`(position(${text}, ${param(needle)}) > 0)`,
    referrerContains: (needle) => sql`(position(lowerUTF8(referrer), ${param(needle)}) > 0)`,
    // 18.16's NOT rejects a Nullable argument.
    not: (condition) => sql`(NOT ifNull(${condition}, 0))`,
  },
};

/**
 * ClickHouse 18.16's match() first looks for the literal text of the pattern's top level (outside
 * any group) case-sensitively, ignoring a `(?i)` flag: `(?i)PAGES` never finds "/pages/" there,
 * while RE2 itself (and DuckDB) would. It does not look inside groups, so a pattern with a flag
 * group is wrapped in `(?:…)`, which means exactly the same to RE2.
 */
function clickHouseFlagsScoped(pattern: string): string {
  return /\(\?[imsU-]+\)/.test(pattern) ? `(?:${pattern})` : pattern;
}

/**
 * 18.16 has only the visitParam* family, whose key must be a literal; the name's alphabet
 * (letters, digits, _ . -) needs no quoting inside '…'. The raw text is '' when the key is absent.
 */
function clickHousePropText(name: string): SqlFragment {
  const raw = `visitParamExtractRaw(props, '${name}')`;
  return rawSql(
    `multiIf(${raw} IN ('', 'null'), NULL, startsWith(${raw}, '"'), visitParamExtractString(props, '${name}'), ${raw})`,
  );
}
