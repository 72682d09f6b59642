/**
 * `sequential` order (DESIGN.md "Funnel semantics", ClickHouse `windowFunnel`'s default) with the
 * parts windowFunnelLevel.ts leaves out: per-step windows, exclusions and the reached times.
 *
 * A unit reaches step k when there is a chain t0 ≤ t1 ≤ … ≤ tk of events, ti matching step i, with
 * tk ≤ t0 + window, ti − t(i−1) ≤ stepWindows[i], and no exclusion event strictly after t0 and
 * strictly before tk (whole seconds). Its level is the longest such chain.
 *
 * Per step k the machine keeps one chain that reached it: the one that started latest, and among
 * those reached k latest. That one fits every future window any other fits. It stays the best when
 * a step-k event comes: the new chain extends the kept step-(k−1) chain, whose start only ever
 * moves later, and reaches k now — no earlier chain at k started later or reached it later.
 */
import { EXCLUSION_BIT, readSecond, STEP_BITS } from './funnelCodes.ts';
import type { SecondGroup } from './funnelCodes.ts';
import type { FunnelScratch } from './funnelScratch.ts';
import type { FunnelSpec } from './funnelQuerySchema.ts';

/** Reused by every call (the machine is synchronous). */
const group: SecondGroup = { seconds: 0, bits: 0 };

/**
 * Level (0 … stepCount) of one unit whose codes are sorted; writes the chain that first reached
 * that level into `reachedAt` (NaN past the level) when given.
 */
export function sequentialFunnelLevel(
  codes: Float64Array,
  length: number,
  spec: FunnelSpec,
  scratch: FunnelScratch,
  reachedAt: Float64Array | null,
): number {
  const n = spec.stepCount;
  const window = spec.windowSeconds;
  const stepWindows = spec.stepWindows;
  scratch.ensure(length, n);
  const { start, at, parent, slots } = scratch;
  // slots[k]: the kept chain at step k (its entry), -1 when none.
  slots.fill(-1, 0, n);
  let entries = 0;
  let level = 0;
  let best = -1;
  let i = 0;
  scan: while (i < length) {
    i = readSecond(codes, length, i, group);
    const { seconds, bits } = group;
    let mask = bits & STEP_BITS;
    while (mask !== 0) {
      const lowest = mask & -mask;
      mask ^= lowest;
      const k = 31 - Math.clz32(lowest);
      if (k >= n) break;
      let from = -1;
      if (k > 0) {
        from = slots[k - 1] ?? -1;
        if (from < 0) continue;
        // Inclusive edges: exactly `window` after the start, exactly stepWindows[k] after step k-1.
        if (seconds > (start[from] ?? 0) + window || seconds - (at[from] ?? 0) > (stepWindows[k] ?? Infinity)) continue;
      }
      const e = entries++;
      start[e] = from < 0 ? seconds : (start[from] ?? 0);
      at[e] = seconds;
      parent[e] = from;
      slots[k] = e;
      if (level === k) {
        level = k + 1;
        best = e;
        if (level === n) break scan;
      }
    }
    if ((bits & EXCLUSION_BIT) !== 0) {
      // Chains started before this second cannot take a later step: the exclusion would lie
      // strictly between their first and last step. Chains starting now are unaffected.
      for (let k = 0; k < n; k++) {
        const e = slots[k] ?? -1;
        if (e >= 0 && (start[e] ?? 0) < seconds) slots[k] = -1;
      }
    }
  }
  if (reachedAt) scratch.writeChain(best, level, reachedAt);
  return level;
}
