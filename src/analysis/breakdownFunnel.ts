/**
 * The funnel per value of one dimension (channel, utm_source, landing page, …). The store reads the
 * value from the event that started the counted attempt (`FunnelUnit.breakdown`), so a visitor who
 * arrived from Google and later came back directly is a Google visitor for this funnel.
 */
import type { FunnelUnit } from '../store/EventStore.ts';
import type { BreakdownRow, FunnelBreakdown } from './funnelExtrasReport.ts';
import { addLevel, stepStats } from './stepStats.ts';
import { foldUnits, type UnitAccumulator } from './UnitAccumulator.ts';
import { wilsonInterval } from './wilsonInterval.ts';

export interface BreakdownOptions {
  stepIds: readonly string[];
  /** The dimension as asked (`utm_source`, `prop:plan`), echoed in the report. */
  dimension: string;
  /** Rows kept, largest first; the rest are merged into `others`. */
  limit?: number;
}

export const DEFAULT_BREAKDOWN_LIMIT = 20;

/** Also takes already-counted groups (EventStore.funnelBreakdownCounts), for when no unit is needed. */
export interface BreakdownAccumulator extends UnitAccumulator<FunnelBreakdown> {
  /** Adds `counts` (units reaching each step) to `value`'s row. */
  addCounts(value: string | null, counts: readonly number[]): void;
}

/** Streaming form for EventStore.funnelUnits; units that never reached the first step are skipped. */
export function breakdownAccumulator(options: BreakdownOptions): BreakdownAccumulator {
  const n = options.stepIds.length;
  const byValue = new Map<string | null, number[]>();
  const row = (value: string | null): number[] => {
    let counts = byValue.get(value);
    if (!counts) {
      counts = new Array<number>(n).fill(0);
      byValue.set(value, counts);
    }
    return counts;
  };
  return {
    add(unit) {
      if (unit.level < 1) return;
      addLevel(row(unit.breakdown), unit.level);
    },
    addCounts(value, counts) {
      if ((counts[0] ?? 0) < 1) return;
      const into = row(value);
      for (let k = 0; k < n; k++) into[k] = (into[k] ?? 0) + (counts[k] ?? 0);
    },
    result() {
      const limit = options.limit ?? DEFAULT_BREAKDOWN_LIMIT;
      // Largest first; ties by value so the order is stable, "not set" last.
      const entries = [...byValue].sort(
        ([va, a], [vb, b]) => (b[0] ?? 0) - (a[0] ?? 0) || (va === null ? 1 : vb === null ? -1 : va < vb ? -1 : va > vb ? 1 : 0),
      );
      const total = entries.reduce((sum, [, counts]) => sum + (counts[0] ?? 0), 0);
      const row = (counts: readonly number[]): Omit<BreakdownRow, 'value'> => ({
        share: total === 0 ? null : (counts[0] ?? 0) / total,
        shareCi: wilsonInterval(counts[0] ?? 0, total),
        ...stepStats(counts, options.stepIds),
      });
      const rest = entries.slice(limit);
      const restCounts = new Array<number>(n).fill(0);
      for (const [, counts] of rest) counts.forEach((c, k) => (restCounts[k] = (restCounts[k] ?? 0) + c));
      return {
        dimension: options.dimension,
        attributedAt: 'first_step',
        total,
        rows: entries.slice(0, limit).map(([value, counts]) => ({ value, ...row(counts) })),
        others: rest.length === 0 ? null : { values: rest.length, ...row(restCounts) },
      };
    },
  };
}

/** @example breakdownFunnel(units, { stepIds: ['visit', 'cart'], dimension: 'channel' }).rows[0].value */
export function breakdownFunnel(units: Iterable<FunnelUnit>, options: BreakdownOptions): FunnelBreakdown {
  return foldUnits(units, breakdownAccumulator(options));
}
