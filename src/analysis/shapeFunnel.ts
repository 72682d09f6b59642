import type { Label } from '../schema/config.ts';
import type { FunnelStepReport, ShapedFunnel } from './funnelReport.ts';
import { normalizeLabel } from './normalizeLabel.ts';
import { stepStats } from './stepStats.ts';

/**
 * Counts per step (visitors reaching step k or further) → rates, drop-offs and 95 % intervals.
 * Pure; the counts come from EventStore.funnelCounts, where they never increase along the funnel.
 *
 * @example shapeFunnel([1000, 800], steps).steps[1].rateFromPrevious // 0.8
 */
export function shapeFunnel(counts: readonly number[], steps: readonly { id: string; label: Label }[]): ShapedFunnel {
  if (counts.length !== steps.length) {
    throw new RangeError(`shapeFunnel got ${counts.length} counts for ${steps.length} steps`);
  }
  counts.forEach((count, k) => {
    const previous = k === 0 ? Infinity : (counts[k - 1] ?? 0);
    if (!Number.isInteger(count) || count < 0 || count > previous) {
      throw new RangeError(`funnel counts must be whole numbers that never increase, got [${counts.join(', ')}]`);
    }
  });
  // Rates and intervals follow the same rules as every sliced report (stepStats).
  const stats = stepStats(counts, steps.map((s) => s.id));
  const shaped: FunnelStepReport[] = steps.map((step, k) => {
    const stat = stats.steps[k];
    const count = counts[k] ?? 0;
    return {
      id: step.id,
      label: normalizeLabel(step.label),
      count,
      rateFromPrevious: stat?.rateFromPrevious ?? null,
      rateFromStart: stat?.rateFromStart ?? null,
      dropOff: k === 0 ? 0 : (counts[k - 1] ?? 0) - count,
      ci: stat?.ci ?? null,
    };
  });
  return { steps: shaped, overallRate: counts.length === 0 ? null : stats.overallRate };
}
