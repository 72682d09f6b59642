/**
 * Wilson score interval for a proportion `successes / trials`. Small shops have small numbers, and
 * unlike the textbook `p ± z·√(p(1-p)/n)` this stays inside [0, 1] and is honest at 0 % and 100 %.
 * Null when there are no trials (no rate, so no interval).
 *
 * @example wilsonInterval(0, 10) // { low: 0, high: 0.2775… } = z² / (n + z²)
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): { low: number; high: number } | null {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`wilsonInterval needs whole numbers 0 <= successes <= trials, got ${successes} of ${trials}`);
  }
  if (!(z > 0)) throw new RangeError(`wilsonInterval needs z > 0, got ${z}`);
  if (trials === 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return {
    low: successes === 0 ? 0 : Math.max(0, center - half),
    high: successes === trials ? 1 : Math.min(1, center + half),
  };
}
