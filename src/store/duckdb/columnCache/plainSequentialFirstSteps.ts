/**
 * countPlainSequential.ts's loop, also telling per visitor when its counted attempt started and
 * which step-0 event started it, for counts per breakdown value or per first-step bucket without
 * building reached times or a chain pool (plainSequentialUnit.ts) per visitor.
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

/** Per visitor (index): level, first-step second and shape; NO_UNIT as level when it has no step-matching event. */
export interface FirstSteps {
  level: Uint8Array;
  first: Float64Array;
  shape: Int32Array;
}

/** Level of a visitor with no step-matching event in the range (not a unit). */
export const NO_UNIT = 255;

/**
 * Fills `out` for each visitor without later events (firstSecond NaN and firstShape -1 at level
 * 0); visitors with later events go to `slow`, which fills theirs. Results go to arrays, not a
 * callback: a call per visitor cost a fifth of the loop. `rank` orders shapes by breakdown value
 * (rankShapes); empty when not needed.
 */
export function plainSequentialFirstSteps(
  columns: SiteColumns,
  codeOf: Int32Array,
  stepCount: number,
  windowSeconds: number,
  range: { from?: number; to?: number },
  rank: Int32Array,
  out: FirstSteps,
  slow: (visitor: number) => void,
): void {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const ranged = range.from !== undefined || range.to !== undefined;
  const ranks = rank.length > 0;
  const { offsets, sec, msr, shape, deltaHead } = columns;
  const mainVisitors = offsets.length - 1;
  const visitors = columns.visitors.length;
  const { level: levelOut } = out;
  const starts = new Float64Array(stepCount);
  const startShape = new Int32Array(stepCount);
  for (let v = 0; v < visitors; v++) {
    if ((deltaHead[v] ?? -1) >= 0 || v >= mainVisitors) {
      levelOut[v] = NO_UNIT;
      slow(v);
      continue;
    }
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
    levelOut[v] = seen === 0 ? NO_UNIT : level;
    out.first[v] = firstSecond;
    out.shape[v] = firstShape;
  }
}
