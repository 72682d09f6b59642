/**
 * Every unit of a cached funnel counted into a GroupTally by level and group (none, breakdown
 * value of the counted attempt's first-step event, or trend bucket of its second): all the count
 * paths need, with no object or array entry per unit. The plain sequential funnel takes the
 * branch-free loop (plainSequentialTally.ts), which hands the visitors it does not take to the
 * exact per-visitor loop (plainSequentialFirstSteps.ts) or, with later events, to the code lists
 * and the state machine; every other funnel takes the code lists and the machine.
 */
import type { FunnelMachine } from '../../../query/funnelMachine.ts';
import type { FunnelSpec } from '../../../query/funnelQuerySchema.ts';
import { FirstStepScratch, plainSequentialFirstStep } from './plainSequentialFirstSteps.ts';
import { plainSequentialTally } from './plainSequentialTally.ts';
import { firstStepShape, scanCachedUnits } from './scanCachedUnits.ts';
import type { CachedUnitRow } from './scanCachedUnits.ts';
import type { SiteColumns } from './SiteColumns.ts';
import type { GroupTally, SlotGroups } from './tallyGroups.ts';

/** How units are grouped; level-0 units always go to group 0 (the grouped answers skip level 0). */
export type UnitGrouping =
  | { by: 'none' }
  /** By the first-step shape's value: `valueOfShape[shape]`, `none` when there is no such event; `rank` orders shapes by value (rankShapes). */
  | { by: 'shape'; valueOfShape: Int32Array; none: number; rank: Int32Array }
  | { by: 'second'; slots: SlotGroups };

export function tallyCachedUnits(
  columns: SiteColumns,
  codeOf: Int32Array,
  range: { from?: number; to?: number },
  spec: FunnelSpec,
  plain: boolean,
  machine: FunnelMachine,
  grouping: UnitGrouping,
  tally: GroupTally,
): void {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const rank = grouping.by === 'shape' ? grouping.rank : new Int32Array(0);
  const groupOf = (v: number, level: number, first: number, shape: () => number): number => {
    if (level < 1) return 0;
    if (grouping.by === 'shape') {
      const sh = shape();
      return sh < 0 ? grouping.none : (grouping.valueOfShape[sh] ?? grouping.none);
    }
    return grouping.by === 'second' ? grouping.slots.groupOf(first) : 0;
  };
  const reachedAt = new Float64Array(spec.stepCount);
  const general = (row: CachedUnitRow): void => {
    const v = row.visitor;
    if (grouping.by === 'none') {
      // Without a step 0 and a step 1 the level is 0 or 1 in every order (as funnelCounts had it).
      tally.add(0, (row.seen & 3) === 3 ? machine.level(row.codes, row.length, row.seen, null) : row.seen & 1);
      return;
    }
    const level = machine.level(row.codes, row.length, row.seen, reachedAt);
    const first = level > 0 ? (reachedAt[0] ?? NaN) : NaN;
    tally.add(groupOf(v, level, first, () => firstStepShape(columns, codeOf, rank, v, first, from, to)), level);
  };
  if (!plain) {
    scanCachedUnits(columns, codeOf, range, general);
    return;
  }
  const scratch = new FirstStepScratch(spec.stepCount);
  const row: CachedUnitRow = { visitor: 0, codes: new Float64Array(256), length: 0, seen: 0 };
  const mainVisitors = columns.offsets.length - 1;
  const slow = (v: number): void => {
    if (v < mainVisitors && (columns.deltaHead[v] ?? -1) < 0) {
      const level = plainSequentialFirstStep(columns, codeOf, v, spec.windowSeconds, from, to, rank, scratch);
      if (level >= 0) tally.add(groupOf(v, level, scratch.first, () => scratch.shape), level);
    } else {
      scanCachedUnits(columns, codeOf, range, general, v, v + 1, row);
    }
  };
  const tallyGrouping = {
    groupOfShape: grouping.by === 'shape' ? grouping.valueOfShape : null,
    slots: grouping.by === 'second' ? grouping.slots : null,
  };
  plainSequentialTally(columns, codeOf, spec.stepCount, spec.windowSeconds, range, tallyGrouping, tally, slow);
}
