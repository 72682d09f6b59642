import type { StepReport } from './api.ts';

export interface Bottleneck {
  /** Index of the step that is reached least often from the step before it. */
  index: number;
  step: StepReport;
  previous: StepReport;
  rate: number;
}

/** Rates closer than this are a tie (servers may compute 72/240 and 240/800 slightly differently). */
const TIE = 1e-9;

/**
 * The step with the weakest step-to-step rate. On a tie the step that loses more visitors wins,
 * since fixing it recovers more buyers; then the earlier step. Null when nobody entered the funnel.
 */
export function findBottleneck(steps: readonly StepReport[]): Bottleneck | null {
  let best: Bottleneck | null = null;
  for (let i = 1; i < steps.length; i++) {
    const step = steps[i];
    const previous = steps[i - 1];
    if (!step || !previous || step.rateFromPrevious === null || previous.count === 0) continue;
    const rate = step.rateFromPrevious;
    const lost = previous.count - step.count;
    const better =
      best === null ||
      rate < best.rate - TIE ||
      (Math.abs(rate - best.rate) <= TIE && lost > best.previous.count - best.step.count);
    if (better) best = { index: i, step, previous, rate };
  }
  return best;
}
