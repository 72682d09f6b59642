/**
 * A 95 % interval for the difference of two independent proportions x1/n1 − x2/n2: Newcombe's
 * hybrid score interval ("method 10", Statistics in Medicine 1998), built from the two Wilson
 * intervals. Unlike the textbook Wald interval it behaves at small counts and at 0 % / 100 %,
 * which is where small shops live. Null when either side has no trials.
 *
 * @example newcombeDifference(56, 70, 48, 80) // { estimate: 0.2, low: 0.0524…, high: 0.3339… } (Newcombe's example)
 */
import { wilsonInterval } from './wilsonInterval.ts';

export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z = 1.96,
): { estimate: number; low: number; high: number } | null {
  const ci1 = wilsonInterval(x1, n1, z);
  const ci2 = wilsonInterval(x2, n2, z);
  if (!ci1 || !ci2) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const estimate = p1 - p2;
  return {
    estimate,
    low: estimate - Math.sqrt((p1 - ci1.low) ** 2 + (ci2.high - p2) ** 2),
    high: estimate + Math.sqrt((ci1.high - p1) ** 2 + (p2 - ci2.low) ** 2),
  };
}
