import type { Match } from '../schema/config.ts';
import type { Dialect } from '../store/EventStore.ts';
import { buildMatchSql } from './buildMatchSql.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { joinSql, rawSql, sql } from './SqlFragment.ts';

/** Funnels have at most 20 steps (config.ts), so a step mask fits in 20 bits. */
export const MAX_FUNNEL_STEPS = 20;

const BIT_IF: Record<Dialect, (condition: SqlFragment, bit: number) => SqlFragment> = {
  duckdb: (condition, bit) => sql`CASE WHEN ${condition} THEN ${rawSql(String(bit))} ELSE 0 END`,
  // 18.16's `if` rejects a Nullable condition, and property conditions can be NULL.
  clickhouse: (condition, bit) => sql`if(ifNull(${condition}, 0), ${rawSql(String(bit))}, 0)`,
};

/**
 * An integer expression with bit k set when the row matches step k. One event can match several
 * steps (a landing on a product page is both `visit` and `product_detail`), and the funnel
 * engines need all of them, so this is a mask rather than a step number.
 *
 * Where a step has an `aggregate` (matchUsesAggregate), the mask contains window functions over
 * `visitor` / `visitor, session_key` ordered by `ts` (aggregateSql.ts): evaluate it in the SELECT
 * list of a query whose FROM has every event of the site and range, with a `session_key` column,
 * and filter on the mask (`WHERE m <> 0`) only in an outer query. On ClickHouse such steps throw
 * AGGREGATE_NEEDS_WINDOWS.
 */
export function buildStepMaskSql(steps: readonly Match[], dialect: Dialect): SqlFragment {
  if (steps.length === 0 || steps.length > MAX_FUNNEL_STEPS) {
    throw new Error(`a funnel has 1 to ${MAX_FUNNEL_STEPS} steps, got ${steps.length}`);
  }
  const bits = steps.map((step, k) => BIT_IF[dialect](buildMatchSql(step, dialect), 2 ** k));
  return sql`(${joinSql(bits, ' + ')})`;
}
