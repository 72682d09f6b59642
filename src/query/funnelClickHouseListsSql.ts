import type { FunnelQuery } from '../store/EventStore.ts';
import { buildStepMaskSql } from './buildStepMaskSql.ts';
import { EXCLUSION_BIT, STEP_CODE_SCALE } from './funnelCodes.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { param, rawSql, sql } from './SqlFragment.ts';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * The ClickHouse half of the funnel engine for what 18.16's `windowFunnel` cannot do (strict and
 * any orders, per-step windows, exclusions, sessions, reached times): per-visitor `groupArray`
 * lists of the same codes the DuckDB path makes (funnelCodes.ts), so the same JS state machines
 * run over them (funnelUnitsFromLists.ts) and both engines agree by construction.
 * `buildClickHouseFunnelSql` stays the path for plain sequential counts (windowFunnel in-engine).
 *
 * Rows: `visitor`, with the session unit `session` (the raw column), `codes` (Array(UInt64),
 * which JSON output quotes; all values are below 2^53) and `seen` (OR of the step bits). For
 * sessions, groups without a session id also carry every other event of the visitor (bits 0), as
 * the JS side cuts them into sessions at 30-minute gaps and must see every event to do so.
 *
 * Columns used: site, ts (DateTime or UInt32 seconds), name, visitor, path, props, and for
 * sessions `session` (String, '' when unknown).
 */
export function buildClickHouseFunnelListsSql(query: FunnelQuery, table: string): SqlFragment {
  if (!TABLE_NAME.test(table)) throw new Error(`internal: unexpected table name ${JSON.stringify(table)}`);
  const session = query.unit === 'session';
  const mask = buildStepMaskSql(query.steps, 'clickhouse');
  const exclusions = query.exclusions ?? [];
  const excluded =
    exclusions.length === 0
      ? rawSql('0')
      : sql`if(${buildStepMaskSql(exclusions, 'clickhouse')} != 0, ${rawSql(String(EXCLUSION_BIT))}, 0)`;
  const range = sql`${query.from === undefined ? rawSql('') : sql` AND toUInt32(ts) * 1000 >= ${param(query.from)}`}${
    query.to === undefined ? rawSql('') : sql` AND toUInt32(ts) * 1000 < ${param(query.to)}`
  }`;
  const unit = session ? 'visitor, session' : 'visitor';
  const keep = session ? "m != 0 OR x != 0 OR session = ''" : 'm != 0 OR x != 0';
  return sql`SELECT ${rawSql(unit)}, groupArray(toUInt64(toUInt32(ts)) * ${rawSql(String(STEP_CODE_SCALE))} + m + x) AS codes, groupBitOr(m) AS seen
FROM (SELECT ${rawSql(unit)}, ts, ${mask} AS m, ${excluded} AS x FROM ${rawSql(table)} WHERE site = ${param(query.site)}${range})
WHERE ${rawSql(keep)}
GROUP BY ${rawSql(unit)}
HAVING seen != 0`;
}
