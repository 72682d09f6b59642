/** Bench sizes: the full run (10M events, 1M visitors) and `--quick` (under a minute). */
export const FULL = { events: 10_000_000, visitors: 1_000_000 } as const;
export const QUICK = { events: 100_000, visitors: 10_000 } as const;
