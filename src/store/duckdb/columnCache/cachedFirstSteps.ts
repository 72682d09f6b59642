/**
 * Every unit of a cached funnel with its level and its counted attempt's first step (second, and
 * the step-0 shape that gives the breakdown value): all the aggregate paths need, in three typed
 * arrays indexed by visitor, so the aggregates are plain loops with no allocation per unit. The
 * plain sequential funnel takes the fused loop (plainSequentialFirstSteps.ts); everything else
 * takes the code lists and the state machine, with one reused reachedAt buffer.
 */
import type { FunnelMachine } from '../../../query/funnelMachine.ts';
import type { FunnelSpec } from '../../../query/funnelQuerySchema.ts';
import { NO_UNIT, plainSequentialFirstSteps } from './plainSequentialFirstSteps.ts';
import type { FirstSteps } from './plainSequentialFirstSteps.ts';
import { firstStepShape, scanCachedUnits } from './scanCachedUnits.ts';
import type { CachedUnitRow } from './scanCachedUnits.ts';
import type { SiteColumns } from './SiteColumns.ts';

export { NO_UNIT };
export type { FirstSteps };

/** Level NO_UNIT (first NaN, shape -1) for visitors with no step-matching event; first NaN at level 0; shape -1 when `rank` is empty (no breakdown) or at level 0. */
export function cachedFirstSteps(
  columns: SiteColumns,
  codeOf: Int32Array,
  range: { from?: number; to?: number },
  spec: FunnelSpec,
  plain: boolean,
  machine: FunnelMachine,
  rank: Int32Array,
): FirstSteps {
  const visitors = columns.visitors.length;
  const out: FirstSteps = {
    level: new Uint8Array(visitors).fill(NO_UNIT),
    first: new Float64Array(visitors).fill(NaN),
    shape: new Int32Array(visitors).fill(-1),
  };
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const reachedAt = new Float64Array(spec.stepCount);
  const general = (row: CachedUnitRow): void => {
    const v = row.visitor;
    const level = machine.level(row.codes, row.length, row.seen, reachedAt);
    const first = level > 0 ? (reachedAt[0] ?? NaN) : NaN;
    out.level[v] = level;
    out.first[v] = first;
    out.shape[v] = level > 0 && rank.length > 0 ? firstStepShape(columns, codeOf, rank, v, first, from, to) : -1;
  };
  if (!plain) {
    scanCachedUnits(columns, codeOf, range, general);
    return out;
  }
  const row: CachedUnitRow = { visitor: 0, codes: new Float64Array(256), length: 0, seen: 0 };
  plainSequentialFirstSteps(columns, codeOf, spec.stepCount, spec.windowSeconds, range, rank, out, (v) =>
    scanCachedUnits(columns, codeOf, range, general, v, v + 1, row),
  );
  return out;
}
