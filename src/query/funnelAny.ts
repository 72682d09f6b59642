/**
 * `any` order: steps may come in any order within the window. A unit reaches step k when its
 * events include one for each of steps 0 … k−1 (one event may serve several) whose times lie
 * within `window` seconds of each other (inclusive), with no exclusion event strictly after the
 * earliest and before the latest of them. The level is the largest such k, so the bars keep their
 * labels: "reached step 3" still means steps 1, 2 and 3 were all done, not any three of the
 * steps (a count of distinct steps would make step labels, breakdowns and drop-off lists
 * meaningless). Per-step windows do not apply (the query check refuses them).
 *
 * A best set can always be taken with its latest event at some event time t and, for each step,
 * the step's last event at or before t; so a scan keeping the last time of each step decides every
 * t in O(steps).
 */
import { EXCLUSION_BIT, readSecond, STEP_BITS } from './funnelCodes.ts';
import type { SecondGroup } from './funnelCodes.ts';
import type { FunnelScratch } from './funnelScratch.ts';
import type { FunnelSpec } from './funnelQuerySchema.ts';

/** Reused by every call (the machine is synchronous). */
const group: SecondGroup = { seconds: 0, bits: 0 };

/**
 * Level of one unit (sorted codes). `reachedAt` gets, for the first set reaching that level,
 * each step's event time (so reachedAt[0] is the step-0 event, not always the earliest).
 */
export function anyFunnelLevel(
  codes: Float64Array,
  length: number,
  spec: FunnelSpec,
  scratch: FunnelScratch,
  reachedAt: Float64Array | null,
): number {
  const n = spec.stepCount;
  const window = spec.windowSeconds;
  scratch.ensure(length, n);
  const last = scratch.levelA;
  last.fill(-Infinity, 0, n);
  let excludedAt = -Infinity;
  let level = 0;
  if (reachedAt) reachedAt.fill(NaN);
  let i = 0;
  while (i < length) {
    i = readSecond(codes, length, i, group);
    const { seconds, bits } = group;
    let mask = bits & STEP_BITS;
    if (mask !== 0) {
      while (mask !== 0) {
        const lowest = mask & -mask;
        mask ^= lowest;
        const k = 31 - Math.clz32(lowest);
        if (k >= n) break;
        last[k] = seconds;
      }
      // Events at an exclusion's own second are not strictly after it.
      const earliest = Math.max(seconds - window, excludedAt);
      let k = 0;
      while (k < n && (last[k] ?? -Infinity) >= earliest) k++;
      if (k > level) {
        level = k;
        if (reachedAt) for (let j = 0; j < k; j++) reachedAt[j] = last[j] ?? NaN;
        if (level === n) break;
      }
    }
    if ((bits & EXCLUSION_BIT) !== 0) excludedAt = seconds;
  }
  return level;
}
