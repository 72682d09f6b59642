/**
 * `Match` (midgoal.yaml) → a SQL boolean over one row of the events table, per engine. The result
 * may be NULL where a property is absent; callers treat NULL as "no match" (CASE WHEN / ifNull).
 *
 * Semantics, the same on both engines (docs/CONFIG.md says it for operators):
 * - every part of a match must hold (AND); `any` needs one of its entries, `all` each of them;
 *   `not` holds when its match does not (an absent property makes `not: { props: … }` true);
 * - `event`, `channel`, `device`: equal to the name, or to any in a list;
 * - `path`: the glob of pathPatternToRegex, whole path; `pathRegex`: RE2, unanchored (a match
 *   anywhere in the path, `^…$` to anchor); `referrer`: the referrer URL contains the text,
 *   ignoring case;
 * - a property's text is the JSON string unquoted, or a number/boolean as written (`true`);
 *   absent and JSON null never match, except `exists: false`;
 * - `eq`/`in` with a string or boolean compare that text; with a number they compare the value as
 *   a double (so `"5"` and `5.0` both equal 5); `neq` is "present and not eq";
 * - `contains` is a case-sensitive substring test on the text, `regex` an unanchored RE2 search;
 * - `gt`/`gte`/`lt`/`lte` compare the value as a double; text that is not a number never matches;
 * - `aggregate`: a running total over the session or visitor, see aggregateSql.ts (window
 *   functions: DuckDB only, and only in a SELECT list over the scope's events).
 */
import type { Match } from '../schema/match.ts';
import type { Dialect } from '../store/EventStore.ts';
import { pathPatternToRegex } from '../config/pathPatternToRegex.ts';
import { aggregateSql } from './aggregateSql.ts';
import { MATCH_DIALECTS } from './matchDialect.ts';
import { matchPropName } from './matchPropName.ts';
import { matchPropSql } from './matchPropSql.ts';
import { matchRegexOrThrow } from './matchRegexOrThrow.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { joinSql, param, rawSql, sql } from './SqlFragment.ts';

/** Same bound as the schema's, for Matches built in code: SQL nesting stays small. */
const MAX_DEPTH = 8;

/**
 * The SQL condition for one micro-conversion's match, for `dialect`.
 * @example buildMatchSql({ event: 'purchase' }, 'duckdb') // { sql: '(name = ?)', params: ['purchase'] }
 */
export function buildMatchSql(match: Match, dialect: Dialect): SqlFragment {
  return matchSql(match, dialect, 0);
}

function matchSql(match: Match, dialect: Dialect, depth: number): SqlFragment {
  if (depth >= MAX_DEPTH) throw new Error(`a match may have at most ${MAX_DEPTH} levels of matches, the outer one included`);
  const d = MATCH_DIALECTS[dialect];
  const nested = (m: Match) => matchSql(m, dialect, depth + 1);
  const parts: SqlFragment[] = [];
  if (match.event !== undefined) parts.push(oneOf('name', match.event));
  if (match.path !== undefined) parts.push(d.pathMatches(pathPatternToRegex(match.path)));
  if (match.pathRegex !== undefined) parts.push(d.regexFinds(rawSql('path'), matchRegexOrThrow(match.pathRegex)));
  if (match.referrer !== undefined) {
    const needles = listOf(match.referrer).map((text) => d.referrerContains(text.toLowerCase()));
    parts.push(needles.length === 1 && needles[0] ? needles[0] : sql`(${joinSql(needles, ' OR ')})`);
  }
  if (match.channel !== undefined) parts.push(oneOf('channel', match.channel));
  if (match.device !== undefined) parts.push(oneOf('device', match.device));
  for (const [name, condition] of Object.entries(match.props ?? {})) {
    parts.push(matchPropSql(d, matchPropName(name), condition));
  }
  for (const m of match.all ?? []) parts.push(nested(m));
  if (match.any !== undefined) {
    if (match.any.length === 0) throw new Error('any: needs at least one match');
    parts.push(sql`(${joinSql(match.any.map(nested), ' OR ')})`);
  }
  if (match.not !== undefined) parts.push(d.not(nested(match.not)));
  if (match.aggregate !== undefined) parts.push(aggregateSql(match.aggregate, dialect, nested));
  if (parts.length === 0) throw new Error('a match needs at least one condition');
  return sql`(${joinSql(parts, ' AND ')})`;
}

const ONE_OF_COLUMNS = { name: 'name', channel: 'channel', device: 'device' } as const;

/** `column = ?` or `column IN (?, …)`; the column comes from the allowlist above. */
function oneOf(column: keyof typeof ONE_OF_COLUMNS, value: string | readonly string[]): SqlFragment {
  const values = listOf(value);
  const col = rawSql(ONE_OF_COLUMNS[column]);
  return values.length === 1
    ? sql`${col} = ${param(values[0] ?? '')}`
    : sql`${col} IN (${joinSql(values.map(param), ', ')})`;
}

function listOf(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}
