/**
 * The furthest funnel step one visitor reached, with ClickHouse `windowFunnel(window)` semantics
 * (DESIGN.md "Funnel semantics", sequential mode).
 *
 * Input is one code per event (funnelCodes.ts). This is the fast path funnelCounts takes for a
 * plain `sequential` funnel (one global window, no per-step windows, no exclusions); the general
 * machine (funnelSequential.ts) gives the same levels and is tested against it.
 *
 * The state is, per step k, the start time of the latest attempt that has reached step k. Events
 * are taken in (time, step) order; a step-0 event starts a new attempt without erasing what older
 * attempts reached; a step-k event extends the latest attempt that reached step k-1 when it is
 * within `window` seconds of that attempt's start (inclusive). Keeping only the latest start is
 * enough: a later start leaves at least as much of the window for the remaining steps.
 */
import { STEP_CODE_SCALE, sortCodes } from './funnelCodes.ts';

export { STEP_CODE_SCALE } from './funnelCodes.ts';

/**
 * Level (0 … stepCount) for one visitor. Sorts `codes[0, length)` in place. `starts` is scratch
 * space of at least `stepCount` entries, reused across visitors to avoid allocation.
 */
export function windowFunnelLevel(
  codes: Float64Array,
  length: number,
  stepCount: number,
  windowSeconds: number,
  starts: Float64Array,
): number {
  sortCodes(codes, length);
  // starts[k] is meaningful exactly when level > k (it was set by the chain that reached step
  // k + 1, and is never unset), so it needs no clearing between visitors.
  let level = 0;
  let i = 0;
  while (i < length) {
    const first = codes[i] ?? 0;
    const seconds = Math.floor(first / STEP_CODE_SCALE);
    const base = seconds * STEP_CODE_SCALE;
    const next = base + STEP_CODE_SCALE;
    // Events in the same second are merged: same-step duplicates do the same thing twice, and the
    // steps are then taken in order, as (time, step) ordering demands.
    let mask = first - base;
    i++;
    while (i < length) {
      const code = codes[i] ?? next;
      if (code >= next) break;
      mask |= code - base;
      i++;
    }
    while (mask !== 0) {
      const lowest = mask & -mask;
      mask ^= lowest;
      const k = 31 - Math.clz32(lowest);
      if (k >= stepCount) break;
      if (k === 0) {
        starts[0] = seconds;
        if (level === 0) level = 1;
      } else if (level >= k) {
        const start = starts[k - 1] ?? 0;
        if (seconds <= start + windowSeconds) {
          starts[k] = start;
          if (level === k) {
            level = k + 1;
            if (level === stepCount) return level;
          }
        }
      } else {
        // Steps are taken in order, so every later bit of this mask is out of reach too.
        break;
      }
    }
  }
  return level;
}
