/**
 * The base relation every DuckDB funnel query reads as `ev`: one site's events in the range, with
 * a session key when something needs one. Step and exclusion conditions are evaluated over `ev`
 * BEFORE any filtering or grouping, so a condition may use window functions over it (e.g. "≥ 3
 * pages in this session": `count(*) OVER (PARTITION BY visitor, session_key)`).
 *
 * Columns of `ev`: every column of `events` (EVENT_COLUMNS: id, site, ts, name, visitor, session,
 * path, props, …) and, with `withSessionKey`, `session_key VARCHAR`:
 * - `'s:' || session` when the event carries a session id;
 * - otherwise `'t:' || <epoch second of the session's first event>`, sessions being the visitor's
 *   id-less events split where two consecutive ones are more than 30 minutes apart (whole
 *   seconds: `sec − previous sec > 1800`, so exactly 30:00 stays one session), ClickHouse's
 *   resolution too.
 * Sessions are cut from the events in the range only; events outside it count for nothing anyway.
 * The key costs a sort (window functions), so it is only computed when asked.
 */
import type { SqlFragment } from './SqlFragment.ts';
import { param, rawSql, sql } from './SqlFragment.ts';

/** Seconds of inactivity after which an id-less visit starts a new session. */
export const SESSION_GAP_SECONDS = 1800;

export interface EventRange {
  site: string;
  /** ms since the epoch, inclusive / exclusive; open when omitted. */
  from?: number;
  to?: number;
}

/** `ev` as a parenthesized subquery (not a CTE: DuckDB may materialize a CTE, every column of it). */
export function sessionizeEventsSql(range: EventRange, withSessionKey: boolean): SqlFragment {
  if (!withSessionKey) return sql`(SELECT * FROM events WHERE ${rangeSql(range)})`;
  const sec = 'epoch_ms(ts) // 1000';
  return sql`(SELECT *, 's:' || session AS session_key FROM events WHERE ${rangeSql(range)} AND session <> ''
  UNION ALL
  SELECT * EXCLUDE (prev_sec), 't:' || CAST(max(CASE WHEN prev_sec IS NULL OR ${rawSql(sec)} - prev_sec > ${rawSql(
    String(SESSION_GAP_SECONDS),
  )} THEN ${rawSql(sec)} END) OVER (PARTITION BY visitor ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS VARCHAR) AS session_key
  FROM (SELECT *, lag(${rawSql(sec)}) OVER (PARTITION BY visitor ORDER BY ts) AS prev_sec FROM events WHERE ${rangeSql(range)} AND session = ''))`;
}

/** `site = ? [AND ts >= …] [AND ts < …]` with bound values. */
export function rangeSql(range: EventRange): SqlFragment {
  return sql`site = ${param(range.site)}${range.from === undefined ? rawSql('') : sql` AND ts >= epoch_ms(CAST(${param(range.from)} AS BIGINT))`}${
    range.to === undefined ? rawSql('') : sql` AND ts < epoch_ms(CAST(${param(range.to)} AS BIGINT))`
  }`;
}
