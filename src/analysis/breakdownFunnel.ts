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

/** Streaming form for EventStore.funnelUnits; units that never reached the first step are skipped. */
export function breakdownAccumulator(options: BreakdownOptions): UnitAccumulator<FunnelBreakdown> {
  const n = options.stepIds.length;
  const byValue = new Map<string | null, number[]>();
  return {
    add(unit) {
      if (unit.level < 1) return;
      let counts = byValue.get(unit.breakdown);
      if (!counts) {
        counts = new Array<number>(n).fill(0);
        byValue.set(unit.breakdown, counts);
      }
      addLevel(counts, unit.level);
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
