import type { MachineInfo } from './machineInfo.ts';
import type { ImportResult } from './measureImport.ts';
import type { CollectorResult } from './measureCollector.ts';

export interface FunnelTiming {
  medianMs: number;
  runsMs: number[];
  counts: number[];
}

/** A phase that did not run: skipped on purpose or failed; `reason` says which and why. */
export interface NotRun {
  skipped: true;
  reason: string;
}

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  /** null when the figure is missing (phase skipped or failed). */
  pass: boolean | null;
}

/** What `npm run bench` prints and writes to bench/results/latest.json. */
export interface BenchReport {
  startedAt: string;
  machine: MachineInfo;
  params: { events: number; visitors: number; seed: number; quick: boolean };
  import: ImportResult | NotRun;
  collector: CollectorResult | NotRun;
  /** The browser script's size in bytes (src/tracker). */
  tracker: { raw: number; gzip: number; brotli: number } | NotRun;
  funnel: {
    duckdb: FunnelTiming | NotRun;
    clickhouse: (FunnelTiming & { version: string; loadSeconds: number }) | NotRun;
    /** null when there is nothing to compare with. */
    countsAgree: boolean | null;
    /** DuckDB median / ClickHouse median: below 1 means midgoal is faster. */
    ratio: number | null;
  };
  targets: TargetCheck[];
  /** Phases that failed, with their error, for the exit code and the log. */
  errors: string[];
}

export function ran<T extends object>(value: T | NotRun): value is T {
  return !('skipped' in value);
}
