/**
 * Level and reached times of one visitor for the plain sequential funnel (one window, no per-step
 * windows, no exclusions), straight over its time-sorted events in the compact block: the loop of
 * src/query/funnelSequential.ts (same chain bookkeeping, same choice of the counted attempt) without
 * building and sorting a code list. Events arrive in (second, ms) order, so one second's events are
 * adjacent and merge into one mask before its steps are taken in step order, as there.
 */
import { STEP_BITS } from '../../../query/funnelCodes.ts';
import { FunnelScratch } from '../../../query/funnelScratch.ts';
import type { SiteColumns } from './SiteColumns.ts';

/** Reused across visitors of one query. */
export class PlainSequentialScratch {
  readonly pool = new FunnelScratch();
  slots: Int32Array;
  constructor(readonly stepCount: number) {
    this.slots = new Int32Array(stepCount);
  }
}

/**
 * Level (0 … stepCount) of visitor `v` (which must have no later events, see SiteColumns), with the
 * counted attempt's times in `reachedAt`; -1 when it has no step-matching event in the range.
 */
export function plainSequentialUnit(
  columns: SiteColumns,
  codeOf: Int32Array,
  v: number,
  windowSeconds: number,
  from: number,
  to: number,
  scratch: PlainSequentialScratch,
  reachedAt: Float64Array,
): number {
  const { offsets, sec, msr, shape } = columns;
  const n = scratch.stepCount;
  const begin = offsets[v] ?? 0;
  const end = offsets[v + 1] ?? 0;
  const pool = scratch.pool;
  pool.ensure(end - begin, n);
  const { start, at, parent } = pool;
  const slots = scratch.slots;
  slots.fill(-1);
  const ranged = from !== -Infinity || to !== Infinity;
  let entries = 0;
  let level = 0;
  let best = -1;
  let seen = 0;
  let second = -1;
  let mask = 0;
  scan: for (let j = begin; j <= end; j++) {
    let bits = 0;
    let s = -2;
    if (j < end) {
      bits = (codeOf[shape[j] ?? 0] ?? 0) & STEP_BITS;
      if (bits === 0) continue;
      s = sec[j] ?? 0;
      if (ranged) {
        const ms = s * 1000 + (msr[j] ?? 0);
        if (ms < from || ms >= to) continue;
      }
      seen |= bits;
      if (s === second) {
        mask |= bits;
        continue;
      }
    }
    while (mask !== 0) {
      const lowest = mask & -mask;
      mask ^= lowest;
      const k = 31 - Math.clz32(lowest);
      if (k >= n) break;
      let prev = -1;
      if (k > 0) {
        prev = slots[k - 1] ?? -1;
        if (prev < 0) continue;
        if (second > (start[prev] ?? 0) + windowSeconds) continue;
      }
      const e = entries++;
      start[e] = prev < 0 ? second : (start[prev] ?? 0);
      at[e] = second;
      parent[e] = prev;
      slots[k] = e;
      if (level === k) {
        level = k + 1;
        best = e;
        if (level === n) break scan;
      }
    }
    second = s;
    mask = bits;
  }
  if (seen === 0) return -1;
  pool.writeChain(best, level, reachedAt);
  return level;
}
