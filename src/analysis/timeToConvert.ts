/**
 * How long units took to reach each step: median, 90th percentile and a histogram, since the
 * previous step and since the attempt's first step. Only units that reached the step count, with
 * the times of the counted attempt (FunnelUnit.reachedAt), so every duration fits in the window.
 */
import type { FunnelOrder, FunnelUnit } from '../store/EventStore.ts';
import type { DurationStats, TimeToConvert } from './funnelExtrasReport.ts';
import { percentile } from './percentile.ts';
import { foldUnits, type UnitAccumulator } from './UnitAccumulator.ts';

/**
 * Bucket edges in seconds: 10 s, 30 s, 1 m, 2 m, 5 m, 10 m, 30 m, 1 h, 2 h, 6 h, 12 h, 1 d, 2 d,
 * 3 d, 7 d, 14 d, 30 d — the steps people think in, roughly ×2–3 apart because conversion times
 * spread over several orders of magnitude. Edges past the window are dropped (nothing lands there).
 */
export const DURATION_EDGES = [
  0, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600, 43_200, 86_400, 172_800, 259_200, 604_800, 1_209_600, 2_592_000,
] as const;

export interface TimeToConvertOptions {
  stepIds: readonly string[];
  windowSeconds: number;
  /** In `any` order there is no previous step: only times since the attempt's earliest step are given. */
  order?: FunnelOrder;
}

/** Streaming form for EventStore.funnelUnits. */
export function timeToConvertAccumulator(options: TimeToConvertOptions): UnitAccumulator<TimeToConvert> {
  const n = options.stepIds.length;
  const anyOrder = options.order === 'any';
  const fromPrevious = Array.from({ length: n }, () => new DurationList());
  const fromStart = Array.from({ length: n }, () => new DurationList());
  return {
    add(unit) {
      const at = unit.reachedAt;
      // A unit at level L did steps 0 … L−1 (in any order too: funnelAny.ts keeps the labels).
      const reached = Math.min(unit.level, n);
      let start = at[0] ?? NaN;
      if (anyOrder) for (let k = 1; k < reached; k++) start = Math.min(start, at[k] ?? Infinity);
      if (!Number.isFinite(start)) return;
      for (let k = 1; k < reached; k++) {
        const t = at[k] ?? NaN;
        if (!Number.isFinite(t)) continue;
        fromStart[k]?.push(t - start);
        const previous = at[k - 1] ?? NaN;
        if (!anyOrder && Number.isFinite(previous)) fromPrevious[k]?.push(t - previous);
      }
    },
    result() {
      const edges = DURATION_EDGES.filter((e) => e <= options.windowSeconds);
      return {
        steps: options.stepIds.slice(1).map((id, i) => ({
          id,
          fromPrevious: anyOrder ? null : describe(fromPrevious[i + 1], edges),
          fromStart: describe(fromStart[i + 1], edges),
        })),
      };
    },
  };
}

/** @example timeToConvert(units, { stepIds, windowSeconds: 86400 }).steps[0].fromPrevious.median */
export function timeToConvert(units: Iterable<FunnelUnit>, options: TimeToConvertOptions): TimeToConvert {
  return foldUnits(units, timeToConvertAccumulator(options));
}

function describe(list: DurationList | undefined, edges: readonly number[]): DurationStats {
  const sorted = list?.sorted() ?? new Float64Array(0);
  const histogram = edges.map((from, i) => ({ from, to: edges[i + 1] ?? null, count: 0 }));
  let bucket = 0;
  for (const d of sorted) {
    while (bucket + 1 < edges.length && d >= (edges[bucket + 1] ?? Infinity)) bucket++;
    const b = histogram[bucket];
    if (b) b.count++;
  }
  return { count: sorted.length, median: tenths(percentile(sorted, 0.5)), p90: tenths(percentile(sorted, 0.9)), histogram };
}

/** Durations are whole seconds; an interpolated percentile keeps one decimal, not float noise (212.39999…). */
function tenths(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10) / 10;
}

/** A growable list of durations; a Float64Array keeps millions of them compact. */
class DurationList {
  private values = new Float64Array(64);
  private length = 0;

  push(seconds: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    // Clock ties and the engine's whole seconds make negative durations impossible; clamp anyway.
    this.values[this.length++] = Math.max(0, seconds);
  }

  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }
}
