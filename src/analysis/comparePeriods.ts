/**
 * This period against the previous one, step by step: counts, the step's rate in each period with
 * its Wilson interval, and the change with a 95 % interval.
 *
 * The test: a change is `significant` when Newcombe's hybrid score interval for the difference of
 * the two rates (newcombeDifference.ts) excludes 0 — a two-sided test at about the 5 % level, one
 * step at a time (no correction across steps: with six steps, a false alarm somewhere is more likely
 * than 5 %). `intervalsOverlap` is also given because people read charts that way, but it is not
 * the test: non-overlapping 95 % intervals are much stricter than p < 0.05, and overlapping ones do
 * not mean "no change". The periods are treated as independent samples; a visitor counted in both
 * makes that slightly optimistic.
 */
import type { PeriodComparison } from './funnelExtrasReport.ts';
import { newcombeDifference } from './newcombeDifference.ts';
import { wilsonInterval } from './wilsonInterval.ts';

export const COMPARISON_TEST =
  'significant: the 95% Newcombe (hybrid Wilson score) interval for the difference of the two rates excludes 0; each step tested on its own, periods treated as independent';

type RateComparison = PeriodComparison['overall'];

export interface Period {
  /** First and last day (YYYY-MM-DD, inclusive). */
  from: string;
  to: string;
  /** Units reaching each step, as EventStore.funnelCounts returns them. */
  counts: readonly number[];
}

/** @example comparePeriods(cur, prev, ids).steps[1].change // { absolute: 0.1, relative: 0.2, low, high } */
export function comparePeriods(current: Period, previous: Period, stepIds: readonly string[]): PeriodComparison {
  const last = stepIds.length - 1;
  const at = (p: Period, k: number): number => p.counts[k] ?? 0;
  return {
    current: { from: current.from, to: current.to },
    previous: { from: previous.from, to: previous.to },
    test: COMPARISON_TEST,
    steps: stepIds.map((id, k) => {
      const now = at(current, k);
      const before = at(previous, k);
      return {
        id,
        countChange: { absolute: now - before, relative: before === 0 ? null : (now - before) / before },
        ...compareRates(now, k === 0 ? null : at(current, k - 1), before, k === 0 ? null : at(previous, k - 1)),
      };
    }),
    overall: compareRates(at(current, last), at(current, 0), at(previous, last), at(previous, 0)),
  };
}

function compareRates(
  x1: number,
  n1: number | null,
  x2: number,
  n2: number | null,
): RateComparison {
  const side = (x: number, n: number | null): RateComparison['current'] => ({
    count: x,
    of: n,
    rate: n === null || n === 0 ? null : x / n,
    ci: n === null ? null : wilsonInterval(x, n),
  });
  const current = side(x1, n1);
  const previous = side(x2, n2);
  const diff = n1 === null || n2 === null ? null : newcombeDifference(x1, n1, x2, n2);
  const a = current.ci;
  const b = previous.ci;
  return {
    current,
    previous,
    change:
      diff === null
        ? null
        : {
            absolute: diff.estimate,
            relative: previous.rate === null || previous.rate === 0 ? null : diff.estimate / previous.rate,
            low: diff.low,
            high: diff.high,
          },
    intervalsOverlap: a === null || b === null ? null : a.low <= b.high && b.low <= a.high,
    significant: diff === null ? null : diff.low > 0 || diff.high < 0,
  };
}
