/**
 * `Match` (midgoal.yaml) → a SQL boolean over one row of the events table, per engine. The result
 * may be NULL where a property is absent; callers treat NULL as "no match" (CASE WHEN / ifNull).
 *
 * Property semantics, the same on both engines:
 * - a property's text is the JSON string unquoted, or a number/boolean as written (`true`);
 *   absent and JSON null never match;
 * - `eq`/`in` with a string or boolean compare that text; with a number they compare the value as
 *   a double (so `"5"` and `5.0` both equal 5);
 * - `contains` is a case-sensitive substring test on the text;
 * - `gte`/`lte` compare the value as a double; text that is not a number never matches.
 */
import type { Match, PropCondition } from '../schema/config.ts';
import { propNameSchema } from '../schema/config.ts';
import type { Dialect } from '../store/EventStore.ts';
import { pathPatternToRegex } from '../config/pathPatternToRegex.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { joinSql, param, rawSql, sql } from './SqlFragment.ts';

interface MatchDialect {
  /** The property as text, NULL when absent or null. `name` has passed propNameSchema. */
  propText(name: string): SqlFragment;
  /** The property as a double, NULL when absent or not a number. */
  propNumber(name: string): SqlFragment;
  /** A bound number, typed as a double. */
  number(value: number): SqlFragment;
  /** `path` matches an anchored RE2 pattern (bound). */
  pathMatches(pattern: string): SqlFragment;
  contains(text: SqlFragment, needle: string): SqlFragment;
}

const DIALECTS: Record<Dialect, MatchDialect> = {
  duckdb: {
    // The JSON path is a bound value; the key is quoted so `.` and `-` stay part of the name.
    propText: (name) => sql`json_extract_string(props, ${param(`$."${name}"`)})`,
    propNumber: (name) => sql`TRY_CAST(json_extract_string(props, ${param(`$."${name}"`)}) AS DOUBLE)`,
    number: (value) => sql`CAST(${param(value)} AS DOUBLE)`,
    pathMatches: (pattern) => sql`regexp_full_match(path, ${param(pattern)})`,
    contains: (text, needle) => sql`contains(${text}, ${param(needle)})`,
  },
  clickhouse: {
    propText: clickHousePropText,
    propNumber: (name) => sql`toFloat64OrNull(${clickHousePropText(name)})`,
    number: (value) => sql`toFloat64(${param(value)})`,
    pathMatches: (pattern) => sql`match(path, ${param(pattern)})`,
    contains: (text, needle) => sql`(position(${text}, ${param(needle)}) > 0)`,
  },
};

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

/**
 * The SQL condition for one micro-conversion's match, for `dialect`.
 * @example buildMatchSql({ event: 'purchase' }, 'duckdb') // { sql: '(name = ?)', params: ['purchase'] }
 */
export function buildMatchSql(match: Match, dialect: Dialect): SqlFragment {
  const d = DIALECTS[dialect];
  const parts: SqlFragment[] = [];
  if (match.event !== undefined) {
    const names = Array.isArray(match.event) ? match.event : [match.event];
    parts.push(
      names.length === 1
        ? sql`name = ${param(names[0] ?? '')}`
        : sql`name IN (${joinSql(names.map(param), ', ')})`,
    );
  }
  if (match.path !== undefined) parts.push(d.pathMatches(pathPatternToRegex(match.path)));
  for (const [name, condition] of Object.entries(match.props ?? {})) {
    parts.push(propConditionSql(d, checkedPropName(name), condition));
  }
  if (parts.length === 0) throw new Error('a match needs at least one of event, path, props');
  return sql`(${joinSql(parts, ' AND ')})`;
}

function propConditionSql(d: MatchDialect, name: string, condition: PropCondition): SqlFragment {
  if (typeof condition !== 'object') return eqSql(d, name, [condition]);
  const parts: SqlFragment[] = [];
  if (condition.eq !== undefined) parts.push(eqSql(d, name, [condition.eq]));
  if (condition.in !== undefined) parts.push(eqSql(d, name, condition.in));
  if (condition.contains !== undefined) parts.push(d.contains(d.propText(name), condition.contains));
  if (condition.gte !== undefined) parts.push(sql`${d.propNumber(name)} >= ${d.number(condition.gte)}`);
  if (condition.lte !== undefined) parts.push(sql`${d.propNumber(name)} <= ${d.number(condition.lte)}`);
  if (parts.length === 0) throw new Error(`property ${name}: give at least one of eq, in, contains, gte, lte`);
  return joinSql(parts, ' AND ');
}

/** The property equals any of `values`: text for strings and booleans, doubles for numbers. */
function eqSql(d: MatchDialect, name: string, values: ReadonlyArray<string | number | boolean>): SqlFragment {
  const texts = values.filter((v) => typeof v !== 'number').map((v) => String(v));
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const parts: SqlFragment[] = [];
  if (texts.length > 0) parts.push(sql`${d.propText(name)} IN (${joinSql(texts.map(param), ', ')})`);
  if (numbers.length > 0) {
    parts.push(sql`${d.propNumber(name)} IN (${joinSql(numbers.map((n) => d.number(n)), ', ')})`);
  }
  return parts.length === 1 && parts[0] ? parts[0] : sql`(${joinSql(parts, ' OR ')})`;
}

/** Names reach SQL text (ClickHouse) and JSON paths (DuckDB): re-checked here, not trusted. */
function checkedPropName(name: string): string {
  const parsed = propNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new Error(
      `property name ${JSON.stringify(name)} is not allowed: use letters, digits, _ . - and start with a letter or _`,
    );
  }
  return parsed.data;
}
