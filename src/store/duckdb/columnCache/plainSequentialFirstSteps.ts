/**
 * One visitor of the plain sequential funnel (one window, no per-step windows, no exclusions):
 * its level and when its counted attempt started and which step-0 event started it, straight over
 * its time-sorted events in the compact block, without building reached times or a chain pool
 * (plainSequentialUnit.ts). The exact loop behind plainSequentialTally.ts, which sends here the
 * visitors its branch-free loop does not take (step events sharing a second, shapes matching
 * several steps).
 *
 * Why this is the counted attempt: starts[k] is always the start of the newest chain at step k
 * (plainSequentialUnit's start[slots[k]]), so when the level first becomes k + 1, starts[k] is the
 * start, i.e. reachedAt[0], of the chain that first reached it. startShape[k] follows starts[k]
 * the same way, holding the shape firstStepShape.ts would pick in that second (earliest ms, then
 * smallest rank): the block is in (second, ms) order, so the first step-0 event of a second has
 * its earliest ms.
 */
import { STEP_BITS } from '../../../query/funnelCodes.ts';
import type { SiteColumns } from './SiteColumns.ts';

/** Reused across visitors of one query; `first` and `shape` hold the last visitor's answer. */
export class FirstStepScratch {
  readonly starts: Float64Array;
  readonly startShape: Int32Array;
  /** The counted attempt's first-step second; NaN at level 0. */
  first = NaN;
  /** Its step-0 shape (smallest `rank` among the earliest); -1 at level 0 or without `rank`. */
  shape = -1;
  constructor(readonly stepCount: number) {
    this.starts = new Float64Array(stepCount);
    this.startShape = new Int32Array(stepCount);
  }
}

/**
 * Level of visitor `v` (which must have no later events, see SiteColumns), -1 when it has no
 * step-matching event in [from, to) ms; the first step's second and shape go to `scratch`. `rank`
 * orders shapes by breakdown value (rankShapes); empty when not needed.
 */
export function plainSequentialFirstStep(
  columns: SiteColumns,
  codeOf: Int32Array,
  v: number,
  windowSeconds: number,
  from: number,
  to: number,
  rank: Int32Array,
  scratch: FirstStepScratch,
): number {
  const ranged = from !== -Infinity || to !== Infinity;
  const ranks = rank.length > 0;
  const { offsets, sec, msr, shape } = columns;
  const { starts, startShape, stepCount } = scratch;
  const end = offsets[v + 1] ?? 0;
  let level = 0;
  let seen = 0;
  let second = -1;
  let mask = 0;
  let firstSecond = NaN;
  let firstShape = -1;
  // The chosen step-0 event of the current second, and its ms.
  let bestShape = -1;
  let bestMs = 0;
  for (let j = offsets[v] ?? 0; j <= end && level < stepCount; j++) {
    let bits = 0;
    let s = -2;
    let sh = 0;
    if (j < end) {
      sh = shape[j] ?? 0;
      bits = (codeOf[sh] ?? 0) & STEP_BITS;
      if (bits === 0) continue;
      s = sec[j] ?? 0;
      if (ranged) {
        const ms = s * 1000 + (msr[j] ?? 0);
        if (ms < from || ms >= to) continue;
      }
      seen |= bits;
      if (s === second) {
        mask |= bits;
        if ((bits & 1) !== 0 && ranks) {
          const ms = msr[j] ?? 0;
          if (bestShape < 0 || ms < bestMs || (ms === bestMs && (rank[sh] ?? 0) < (rank[bestShape] ?? 0))) {
            bestShape = sh;
            bestMs = ms;
          }
        }
        continue;
      }
    }
    // The previous second is complete: take its steps in order.
    while (mask !== 0) {
      const lowest = mask & -mask;
      mask ^= lowest;
      const k = 31 - Math.clz32(lowest);
      if (k >= stepCount) break;
      if (k === 0) {
        starts[0] = second;
        startShape[0] = bestShape;
        if (level === 0) {
          level = 1;
          firstSecond = second;
          firstShape = bestShape;
        }
      } else if (level >= k) {
        const start = starts[k - 1] ?? 0;
        if (second <= start + windowSeconds) {
          starts[k] = start;
          startShape[k] = startShape[k - 1] ?? -1;
          if (level === k) {
            level = k + 1;
            firstSecond = start;
            firstShape = startShape[k] ?? -1;
          }
        }
      } else {
        break;
      }
    }
    second = s;
    mask = bits;
    bestShape = -1;
    if ((bits & 1) !== 0 && ranks) {
      bestShape = sh;
      bestMs = msr[j] ?? 0;
    }
  }
  scratch.first = firstSecond;
  scratch.shape = firstShape;
  return seen === 0 ? -1 : level;
}
