/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending `sorted` values, interpolating linearly between the two
 * nearest ranks — numpy.percentile's default and Excel's PERCENTILE.INC, so a shop operator can
 * check it in a spreadsheet. The median of [1, 2, 3, 4] is 2.5. Null for no values.
 *
 * @example percentile([30, 120, 3600], 0.9) // 120 + 0.8 × 3480 = 2904
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile needs 0 <= p <= 1, got ${p}`);
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo] ?? NaN;
  const above = sorted[Math.min(lo + 1, n - 1)] ?? NaN;
  return below + (h - lo) * (above - below);
}
