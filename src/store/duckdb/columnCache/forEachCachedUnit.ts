/**
 * Every unit of a cached funnel with its level and the counted attempt's reached times: the plain
 * sequential funnel straight over the compact block (plainSequentialUnit.ts), everything else
 * (other orders, and visitors with later events) through the code lists and the state machine.
 * Shared by funnelUnits and the aggregate paths, so both see the same units by construction.
 */
import type { FunnelMachine } from '../../../query/funnelMachine.ts';
import type { FunnelSpec } from '../../../query/funnelQuerySchema.ts';
import { PlainSequentialScratch, plainSequentialUnit } from './plainSequentialUnit.ts';
import { scanCachedUnits } from './scanCachedUnits.ts';
import type { CachedUnitRow } from './scanCachedUnits.ts';
import type { SiteColumns } from './SiteColumns.ts';

/**
 * Calls `emit` per visitor with a step-matching event in the range. `reachedAt()` gives the buffer
 * for the next unit: a new one per unit when the caller keeps them, one reused one when it does not.
 */
export function forEachCachedUnit(
  columns: SiteColumns,
  codeOf: Int32Array,
  range: { from?: number; to?: number },
  spec: FunnelSpec,
  plain: boolean,
  machine: FunnelMachine,
  reachedAt: () => Float64Array,
  emit: (visitor: number, level: number, reachedAt: Float64Array) => void,
): void {
  const general = (row: CachedUnitRow): void => {
    const at = reachedAt();
    emit(row.visitor, machine.level(row.codes, row.length, row.seen, at), at);
  };
  if (!plain) {
    scanCachedUnits(columns, codeOf, range, general);
    return;
  }
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const scratch = new PlainSequentialScratch(spec.stepCount);
  const row: CachedUnitRow = { visitor: 0, codes: new Float64Array(256), length: 0, seen: 0 };
  const mainVisitors = columns.offsets.length - 1;
  for (let v = 0; v < columns.visitors.length; v++) {
    if (v >= mainVisitors || (columns.deltaHead[v] ?? -1) >= 0) {
      scanCachedUnits(columns, codeOf, range, general, v, v + 1, row);
      continue;
    }
    const at = reachedAt();
    const level = plainSequentialUnit(columns, codeOf, v, spec.windowSeconds, from, to, scratch, at);
    if (level >= 0) emit(v, level, at);
  }
}
