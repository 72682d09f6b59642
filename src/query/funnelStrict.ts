/**
 * `strict` order: ClickHouse's documented `windowFunnel(…, 'strict_order')` — "don't allow
 * interventions of other events: in A→B→D→C the search for A→B→C stops at D, level 2" — made
 * precise for midgoal (18.16 has no modes, so hand-computed tests pin it down):
 *
 * - The events that can intervene are the unit's events matching ANY step of this funnel; other
 *   events (scrolls, pings, pages no step names) never break a chain. As everywhere, one second
 *   is one group of events, its steps taken in step order.
 * - Each step-0 group starts an attempt. An attempt that has reached steps 0 … j−1 looks at each
 *   later group: if the group contains step j (within the windows) the attempt advances, through
 *   j+1, j+2 … as long as the group contains them; else if the group contains step j−1 again (a
 *   reload, a double click) the attempt waits, taking the repeat as that step's time (as
 *   `sequential` takes the latest usable event); any other group ends the attempt.
 * - Ending is per attempt: a later step-0 event starts a new one and the level is the furthest
 *   any attempt got (ClickHouse stops the whole search instead; DESIGN.md says a new first step
 *   starts a new attempt without erasing levels already reached, and that rule wins here).
 * - Windows and exclusions as in `sequential`: the global window from the attempt's first step,
 *   per-step windows from the step before; an exclusion in a later second than the attempt's
 *   first step ends it (steps in the exclusion's own second still count).
 */
import { EXCLUSION_BIT, readSecond, STEP_BITS } from './funnelCodes.ts';
import type { SecondGroup } from './funnelCodes.ts';
import type { FunnelScratch } from './funnelScratch.ts';
import type { FunnelSpec } from './funnelQuerySchema.ts';

/** Reused by every call (the machine is synchronous). */
const group: SecondGroup = { seconds: 0, bits: 0 };

/** Level of one unit (sorted codes); the chain that first reached it goes to `reachedAt`. */
export function strictFunnelLevel(
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
  const { slots } = scratch;
  let { start, at, parent } = scratch;
  // Live attempts: their latest entry in slots[0 … live), their level in slots[levels + …].
  const levels = length + 1;
  let live = 0;
  let entries = 0;
  let level = 0;
  let best = -1;
  let i = 0;
  while (i < length) {
    i = readSecond(codes, length, i, group);
    const { seconds, bits } = group;
    const mask = bits & STEP_BITS;
    let kept = 0;
    if (mask !== 0) {
      // Each live attempt and the new one may add an entry per step in this group.
      if (entries + (live + 1) * n + 1 > start.length) {
        scratch.reserve(entries + (live + 1) * n + 1);
        ({ start, at, parent } = scratch);
      }
      for (let a = 0; a < live; a++) {
        let e = slots[a] ?? 0;
        let j = slots[levels + a] ?? 0;
        // Past its windows for good: it can never advance, so it no longer matters.
        if (seconds > (start[e] ?? 0) + window || seconds - (at[e] ?? 0) > (stepWindows[j] ?? Infinity)) continue;
        const waits = (mask & (1 << (j - 1))) !== 0;
        let advanced = false;
        while (j < n && (mask & (1 << j)) !== 0) {
          const step = entries++;
          start[step] = start[e] ?? 0;
          at[step] = seconds;
          parent[step] = e;
          e = step;
          j++;
          advanced = true;
          if (j > level) {
            level = j;
            best = e;
          }
        }
        if (j >= n || (!advanced && !waits)) continue;
        if (!advanced) {
          // The chain takes the repeat as this step's time, as sequential takes the latest usable
          // event: per-step windows then run from it.
          const again = entries++;
          start[again] = start[e] ?? 0;
          at[again] = seconds;
          parent[again] = parent[e] ?? -1;
          e = again;
        }
        slots[kept] = e;
        slots[levels + kept] = j;
        kept++;
      }
      if ((mask & 1) !== 0) {
        let e = entries++;
        start[e] = seconds;
        at[e] = seconds;
        parent[e] = -1;
        let j = 1;
        if (level === 0) {
          level = 1;
          best = e;
        }
        while (j < n && (mask & (1 << j)) !== 0) {
          const step = entries++;
          start[step] = seconds;
          at[step] = seconds;
          parent[step] = e;
          e = step;
          j++;
          if (j > level) {
            level = j;
            best = e;
          }
        }
        if (j < n) {
          slots[kept] = e;
          slots[levels + kept] = j;
          kept++;
        }
      }
      live = dropOutdone(slots, levels, kept, start, at);
    }
    if ((bits & EXCLUSION_BIT) !== 0) {
      kept = 0;
      for (let a = 0; a < live; a++) {
        const e = slots[a] ?? 0;
        if ((start[e] ?? 0) < seconds) continue;
        slots[kept] = e;
        slots[levels + kept] = slots[levels + a] ?? 0;
        kept++;
      }
      live = kept;
    }
    if (level === n) break;
  }
  if (reachedAt) scratch.writeChain(best, level, reachedAt);
  return level;
}

/**
 * Drops attempts another attempt at the same level outdoes (started no earlier and reached its
 * last step no earlier: it fits every window the first fits, and both see the same events from
 * here on). Returns the new count. Few attempts live at once, so pairwise is fine.
 */
function dropOutdone(slots: Int32Array, levels: number, live: number, start: Float64Array, at: Float64Array): number {
  // Mark first (level -1), then compact: outdoing is transitive, so a marked attempt need not be
  // compared again.
  for (let a = 0; a < live; a++) {
    const e = slots[a] ?? 0;
    const j = slots[levels + a] ?? 0;
    for (let b = 0; b < live; b++) {
      if (b === a || slots[levels + b] !== j) continue;
      const f = slots[b] ?? 0;
      const ds = (start[f] ?? 0) - (start[e] ?? 0);
      const dt = (at[f] ?? 0) - (at[e] ?? 0);
      // Equal attempts: the later-listed one stays.
      if (ds >= 0 && dt >= 0 && (ds > 0 || dt > 0 || b > a)) {
        slots[levels + a] = -1;
        break;
      }
    }
  }
  let kept = 0;
  for (let a = 0; a < live; a++) {
    const j = slots[levels + a] ?? -1;
    if (j < 0) continue;
    slots[kept] = slots[a] ?? 0;
    slots[levels + kept] = j;
    kept++;
  }
  return kept;
}
