/**
 * Counts for the plain sequential funnel (one window, no per-step windows, no exclusions — the
 * dashboard's default) straight over the time-sorted compact block: windowFunnelLevel.ts's loop,
 * fused with the scan so no code list is built or sorted. Visitors with later (unsorted) events
 * go through `slow` (the general scan and machine). Same levels as windowFunnelLevel by
 * construction: events come in (second, ms) order, so one second's events are adjacent and merge
 * into one mask before its steps are taken in step order.
 */
import { STEP_BITS } from '../../../query/funnelCodes.ts';
import type { SiteColumns } from './SiteColumns.ts';

/** Adds each visitor with a step-matching event in the range to atLevel[its level]. */
export function countPlainSequential(
  columns: SiteColumns,
  codeOf: Int32Array,
  stepCount: number,
  windowSeconds: number,
  range: { from?: number; to?: number },
  atLevel: number[],
  slow: (visitor: number) => void,
): void {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const ranged = range.from !== undefined || range.to !== undefined;
  const { offsets, sec, msr, shape, deltaHead } = columns;
  const mainVisitors = offsets.length - 1;
  const visitors = columns.visitors.length;
  const starts = new Float64Array(stepCount);
  const levels = new Int32Array(stepCount + 1);
  for (let v = 0; v < visitors; v++) {
    if ((deltaHead[v] ?? -1) >= 0 || v >= mainVisitors) {
      slow(v);
      continue;
    }
    const end = offsets[v + 1] ?? 0;
    let level = 0;
    let seen = 0;
    let second = -1;
    let mask = 0;
    for (let j = offsets[v] ?? 0; j <= end && level < stepCount; j++) {
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
      // The previous second is complete: take its steps in order.
      while (mask !== 0) {
        const lowest = mask & -mask;
        mask ^= lowest;
        const k = 31 - Math.clz32(lowest);
        if (k >= stepCount) break;
        if (k === 0) {
          starts[0] = second;
          if (level === 0) level = 1;
        } else if (level >= k) {
          const start = starts[k - 1] ?? 0;
          if (second <= start + windowSeconds) {
            starts[k] = start;
            if (level === k) level = k + 1;
          }
        } else {
          break;
        }
      }
      second = s;
      mask = bits;
    }
    if (seen !== 0) levels[level] = (levels[level] ?? 0) + 1;
  }
  levels.forEach((n, k) => {
    atLevel[k] = (atLevel[k] ?? 0) + n;
  });
}
