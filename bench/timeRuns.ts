export interface TimedRuns<T> {
  medianMs: number;
  runsMs: number[];
  /** The last run's result (every run computes the same thing). */
  result: T;
}

/** Runs `fn` n times in a row; the median hides the cold first run and a noisy neighbour. */
export async function timeRuns<T>(n: number, fn: () => Promise<T>): Promise<TimedRuns<T>> {
  const runsMs: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    result = await fn();
    runsMs.push(performance.now() - started);
  }
  if (result === undefined) throw new Error('timeRuns needs at least one run');
  return { medianMs: median(runsMs), runsMs, result };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
