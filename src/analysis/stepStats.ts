/**
 * Per-step counts → rates with 95 % Wilson intervals, the shape every sliced report uses (one
 * breakdown value, one trend bucket). Same rules as shapeFunnel: a rate over zero units is null.
 */
import type { StepStat } from './funnelExtrasReport.ts';
import { wilsonInterval } from './wilsonInterval.ts';

export interface StepStats {
  steps: StepStat[];
  /** Last step's count / first step's count; null when nobody reached the first step. */
  overallRate: number | null;
  overallCi: { low: number; high: number } | null;
}

/** @example stepStats([10, 4], ['visit', 'cart']).steps[1] // rateFromPrevious 0.4, ci 0.168…0.687 */
export function stepStats(counts: readonly number[], stepIds: readonly string[]): StepStats {
  const first = counts[0] ?? 0;
  const steps = stepIds.map((id, k): StepStat => {
    const count = counts[k] ?? 0;
    const previous = k === 0 ? null : (counts[k - 1] ?? 0);
    return {
      id,
      count,
      rateFromPrevious: previous === null || previous === 0 ? null : count / previous,
      ci: previous === null ? null : wilsonInterval(count, previous),
      rateFromStart: first === 0 ? null : count / first,
      ciFromStart: k === 0 ? null : wilsonInterval(count, first),
    };
  });
  const last = counts[stepIds.length - 1] ?? 0;
  return {
    steps,
    overallRate: first === 0 ? null : last / first,
    overallCi: stepIds.length < 2 ? null : wilsonInterval(last, first),
  };
}

/** Counts a unit that reached `level` steps: it is in every step's count up to that level. */
export function addLevel(counts: number[], level: number): void {
  for (let k = 0; k < level && k < counts.length; k++) counts[k] = (counts[k] ?? 0) + 1;
}
