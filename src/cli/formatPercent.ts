/** Rates for terminal tables: one decimal, an em dash where there is no rate. */
export function formatPercent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** A 95 % interval as `23.1%–88.2%`, or an em dash. */
export function formatInterval(ci: { low: number; high: number } | null | undefined): string {
  return ci ? `${formatPercent(ci.low)}–${formatPercent(ci.high)}` : '—';
}

/** A change of a rate in percentage points, signed: `+10.0 pt`. */
export function formatPoints(x: number): string {
  const points = x * 100;
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pt`;
}
