import type { FunnelQuery } from '../store/EventStore.ts';
import { buildStepMaskSql } from './buildStepMaskSql.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { param, rawSql, sql } from './SqlFragment.ts';
import { STEP_CODE_SCALE } from './windowFunnelLevel.ts';

/**
 * DuckDB half of the funnel engine: one row per visitor with a list of step codes
 * (`seconds * 2^20 + stepMask`, see windowFunnelLevel.ts), for the visitor's events in the range
 * that match at least one step. The lists come unordered; the caller sorts and runs the state
 * machine. A hash aggregate over the visitor is much cheaper than sorting every event by
 * (visitor, time), and only matching events leave the scan.
 *
 * Columns: `codes`, then `seen` (the OR of the visitor's step masks: a visitor who never matched
 * step 2 is at level 1 or 0 whatever the order, so its list need not be read), then with
 * `withVisitor` the visitor id (for per-visitor comparisons in tests).
 */
export function buildDuckDbFunnelSql(query: FunnelQuery, options: { withVisitor?: boolean } = {}): SqlFragment {
  const mask = buildStepMaskSql(query.steps, 'duckdb');
  const range = sql`${query.from === undefined ? rawSql('') : sql` AND ts >= epoch_ms(CAST(${param(query.from)} AS BIGINT))`}${
    query.to === undefined ? rawSql('') : sql` AND ts < epoch_ms(CAST(${param(query.to)} AS BIGINT))`
  }`;
  const visitorColumn = rawSql(options.withVisitor ? ', visitor' : '');
  return sql`SELECT list(CAST((epoch_ms(ts) // 1000) * ${rawSql(String(STEP_CODE_SCALE))} + m AS DOUBLE)) AS codes,
  CAST(bit_or(m) AS INTEGER) AS seen${visitorColumn}
FROM (SELECT visitor, ts, ${mask} AS m FROM events WHERE site = ${param(query.site)}${range})
WHERE m <> 0
GROUP BY visitor`;
}
