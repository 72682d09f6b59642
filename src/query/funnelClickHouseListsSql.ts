import type { FunnelQuery } from '../store/EventStore.ts';
import { propNameSchema } from '../schema/match.ts';
import { buildStepMaskSql } from './buildStepMaskSql.ts';
import { EXCLUSION_BIT, STEP_CODE_SCALE } from './funnelCodes.ts';
import { BREAKDOWN_COLUMNS } from './funnelQuerySchema.ts';
import { MATCH_DIALECTS } from './matchDialect.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { param, rawSql, sql } from './SqlFragment.ts';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export interface ClickHouseListsOptions {
  /** Add what the query's breakdown needs (`fms`/`fv`, `lms`/`lp` or `first_ms`); needs `ts_ms`. */
  withBreakdown?: boolean;
}

/**
 * The ClickHouse half of the funnel engine for what 18.16's `windowFunnel` cannot do (strict and
 * any orders, per-step windows, exclusions, sessions, reached times, breakdowns): per-visitor
 * `groupArray` lists of the same codes the DuckDB path makes (funnelCodes.ts), so the same JS
 * state machines run over them (funnelUnitsFromLists.ts) and both engines agree by construction.
 * `buildClickHouseFunnelSql` stays the path for plain sequential counts (windowFunnel in-engine).
 *
 * Rows: `visitor`, with the session unit `session` (the raw column), `codes` (Array(UInt64),
 * which JSON output quotes; all values are below 2^53) and `seen` (OR of the step bits). For
 * sessions, groups without a session id also carry every other event of the visitor (bits 0), as
 * the JS side cuts them into sessions at 30-minute gaps and must see every event to do so.
 * With a breakdown (buildDuckDbFunnelSql.ts has the same columns under other shapes):
 * - `fms`, `fv`: the unit's step-0 events, epoch ms and `[dimension value]` (a 1-tuple, as
 *   groupArray would drop a bare NULL);
 * - landing_page: `lms`, `lp`: ms and path of every event of the unit in the range that has a path;
 * - visitorType: `first_ms`, the visitor's earliest event on the site in the whole store.
 *
 * Columns used: site, ts (DateTime or UInt32 seconds), name, visitor, path, props, for sessions
 * `session` (String, '' when unknown), for breakdowns `ts_ms` and the dimension's column.
 */
export function buildClickHouseFunnelListsSql(query: FunnelQuery, table: string, options: ClickHouseListsOptions = {}): SqlFragment {
  if (!TABLE_NAME.test(table)) throw new Error(`internal: unexpected table name ${JSON.stringify(table)}`);
  const session = query.unit === 'session';
  const breakdown = options.withBreakdown ? query.breakdown : undefined;
  const landing = breakdown !== undefined && 'column' in breakdown && breakdown.column === 'landing_page';
  const dimension = breakdown === undefined || landing ? null : breakdownValueSql(breakdown);
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
  const code = `toUInt64(toUInt32(ts)) * ${STEP_CODE_SCALE} + m + x`;
  const inner = sql`SELECT ${rawSql(unit)}, ts, ${mask} AS m, ${excluded} AS x${
    breakdown === undefined ? rawSql('') : rawSql(', toUInt64(toUInt32(ts)) * 1000 + ts_ms AS tms')
  }${dimension ? sql`, ${dimension} AS b` : rawSql('')}${landing ? rawSql(', path') : rawSql('')} FROM ${rawSql(table)} WHERE site = ${param(query.site)}${range}`;
  const columns = [
    // landing_page reads every event of the unit, so the filter moves into the aggregates.
    landing ? `groupArrayIf(${code}, ${keep}) AS codes` : `groupArray(${code}) AS codes`,
    'groupBitOr(m) AS seen',
    ...(dimension ? ['groupArrayIf(tms, bitAnd(m, 1) != 0) AS fms', 'groupArrayIf(tuple(b), bitAnd(m, 1) != 0) AS fv'] : []),
    ...(landing ? ['groupArrayIf(tms, isNotNull(path)) AS lms', 'groupArrayIf(assumeNotNull(path), isNotNull(path)) AS lp'] : []),
  ];
  const units = sql`SELECT ${rawSql(unit)}, ${rawSql(columns.join(', '))}
FROM (${inner})${rawSql(landing ? '' : `\nWHERE ${keep}`)}
GROUP BY ${rawSql(unit)}
HAVING seen != 0`;
  if (breakdown === undefined || !('visitorType' in breakdown)) return units;
  // visitorType also carries fms/fv (fv all NULL): the counted attempt's first step is found in them.
  // Joined at the top, not inside the sharded scan: a JOIN on a Distributed table inside a
  // distributed query is refused by 18.16 (distributed_product_mode = deny).
  return sql`SELECT * FROM (${units})
ANY LEFT JOIN (SELECT visitor, min(toUInt64(toUInt32(ts)) * 1000 + ts_ms) AS first_ms FROM ${rawSql(table)} WHERE site = ${param(query.site)} GROUP BY visitor) USING visitor`;
}

/** The breakdown value on one event, as text. Names reach SQL text: re-checked here, not trusted. */
export function breakdownValueSql(breakdown: NonNullable<FunnelQuery['breakdown']>): SqlFragment {
  if ('column' in breakdown) {
    if (!(BREAKDOWN_COLUMNS as readonly string[]).includes(breakdown.column)) {
      throw new Error(`internal: unexpected breakdown column ${JSON.stringify(breakdown.column)}`);
    }
    return rawSql(`toNullable(toString(${breakdown.column}))`);
  }
  if ('prop' in breakdown) return MATCH_DIALECTS.clickhouse.propText(propNameSchema.parse(breakdown.prop));
  return rawSql('CAST(NULL AS Nullable(String))');
}
