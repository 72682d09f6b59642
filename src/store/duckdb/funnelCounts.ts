/**
 * Funnel counts on the DuckDB `events` table (DESIGN.md "Funnel semantics"; the sequential mode
 * equals ClickHouse `windowFunnel`, test/windowFunnel.clickhouse.test.ts checks that).
 *
 * DuckDB groups the matching events by unit into lists of codes (one hash aggregate, in parallel,
 * no global sort); this process reads the lists chunk by chunk straight from the result vectors
 * and runs the unit's state machine (src/query/funnelMachine.ts) over a reused typed array. Times
 * are truncated to whole seconds, as in ClickHouse's DateTime, so ties and window edges agree.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FunnelQuery } from '../EventStore.ts';
import { checkFunnelQuery } from '../../query/funnelQuerySchema.ts';
import { createFunnelMachine } from '../../query/funnelMachine.ts';
import { scanFunnelUnits } from './funnelScan.ts';

/** Units reaching each step: result[k] = units whose furthest step is k + 1 or more. */
export async function funnelCounts(conn: DuckDBConnection, query: FunnelQuery): Promise<number[]> {
  const checked = checkFunnelQuery(query);
  const steps = checked.spec.stepCount;
  const machine = createFunnelMachine(checked.spec);
  const atLevel = new Array<number>(steps + 1).fill(0);
  await scanFunnelUnits(conn, checked, { withIds: false, withBreakdown: false }, (row) => {
    const level = (row.seen & 3) === 3 ? machine.level(row.codes, row.loadCodes(), row.seen, null) : row.seen & 1;
    atLevel[level] = (atLevel[level] ?? 0) + 1;
  });
  return cumulativeCounts(atLevel);
}

/** From "units at exactly level k" to "units at level k + 1 or more", step by step. */
export function cumulativeCounts(atLevel: readonly number[]): number[] {
  const steps = atLevel.length - 1;
  const counts = new Array<number>(steps).fill(0);
  let running = 0;
  for (let k = steps; k >= 1; k--) {
    running += atLevel[k] ?? 0;
    counts[k - 1] = running;
  }
  return counts;
}

/**
 * Furthest level (0 … steps) per unit id, for units with at least one event matching some step
 * (0 when none of them starts an attempt) — the rows ClickHouse's windowFunnel gives. Takes the
 * same path as funnelCounts (level only); for comparisons and debugging.
 */
export async function funnelLevels(conn: DuckDBConnection, query: FunnelQuery): Promise<Map<string, number>> {
  const checked = checkFunnelQuery(query);
  const machine = createFunnelMachine(checked.spec);
  const levels = new Map<string, number>();
  await scanFunnelUnits(conn, checked, { withIds: true, withBreakdown: false }, (row) => {
    const level = (row.seen & 3) === 3 ? machine.level(row.codes, row.loadCodes(), row.seen, null) : row.seen & 1;
    levels.set(row.id(), level);
  });
  return levels;
}
