/**
 * Every counted unit of a funnel with its level, the times its counted attempt reached each step
 * and its breakdown value: the input of breakdown tables, time-to-convert and dropped-visitor
 * lists (src/analysis). Same scan and machines as funnelCounts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FunnelQuery, FunnelUnit } from '../EventStore.ts';
import { checkFunnelQuery } from '../../query/funnelQuerySchema.ts';
import { createFunnelMachine } from '../../query/funnelMachine.ts';
import { scanFunnelUnits } from './funnelScan.ts';

/**
 * Calls `onUnit` once per unit with at least one step-matching event. Each unit gets its own
 * `reachedAt` array (callers may keep it).
 */
export async function funnelUnits(
  conn: DuckDBConnection,
  query: FunnelQuery,
  onUnit: (unit: FunnelUnit) => void,
): Promise<void> {
  const checked = checkFunnelQuery(query);
  const machine = createFunnelMachine(checked.spec);
  const withBreakdown = query.breakdown !== undefined;
  await scanFunnelUnits(conn, checked, { withIds: true, withBreakdown }, (row) => {
    const reachedAt = new Float64Array(checked.spec.stepCount);
    const level = machine.level(row.codes, row.loadCodes(), row.seen, reachedAt);
    onUnit({
      id: row.id(),
      level,
      reachedAt,
      breakdown: withBreakdown ? row.breakdown(level, reachedAt[0] ?? NaN) : null,
    });
  });
}
