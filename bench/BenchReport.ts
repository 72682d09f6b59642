import type { MachineInfo } from './machineInfo.ts';
import type { ImportResult } from './measureImport.ts';
import type { CollectorResult } from './measureCollector.ts';
import type { SlicedCounts } from './benchCacheQueries.ts';
import type { CacheUpdateResult, FunnelCacheResult } from './measureFunnelCache.ts';
import type { TimedRuns } from './timeRuns.ts';
import type { StoreImportResult } from './measureClickHouseStore.ts';

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
    clickhouse: (FunnelTiming & { version: string; loadSeconds: number; byChannel: TimedRuns<SlicedCounts>; weekly: TimedRuns<SlicedCounts> }) | NotRun;
    /** null when there is nothing to compare with. */
    countsAgree: boolean | null;
    /** DuckDB median / ClickHouse median: below 1 means midgoal is faster. */
    ratio: number | null;
  };
  /** Issue 3 "Speed": the three bench questions on the funnel cache, the SQL path and ClickHouse. */
  speed: SpeedReport | NotRun;
  /** The same suite on midgoal's ClickHouse store (MIDGOAL_STORE=clickhouse://…), when ClickHouse answers. */
  clickhouseStore: ClickHouseStoreReport | NotRun;
  targets: TargetCheck[];
  /** Phases that failed, with their error, for the exit code and the log. */
  errors: string[];
}

export function ran<T extends object>(value: T | NotRun): value is T {
  return !('skipped' in value);
}

/** One bench question on each engine. */
export interface SpeedRow {
  question: 'funnel' | 'by channel' | 'weekly trend';
  cacheMs: number;
  sqlMs: number;
  clickhouseMs: number | null;
  /** ClickHouse median ÷ cache median: 5 means five times faster. */
  speedup: number | null;
  /** The cache's answer equals the SQL path's (always required). */
  agreeSql: boolean;
  /** The cache's answer equals ClickHouse's; null when ClickHouse did not run. */
  agreeClickhouse: boolean | null;
}

export interface SpeedReport {
  rows: SpeedRow[];
  cache: Omit<FunnelCacheResult, 'funnel' | 'breakdown' | 'trend'>;
  update: CacheUpdateResult | NotRun;
}

/** Issue 4 item 7: import, the three questions and the collector with midgoal's ClickHouse store. */
export interface ClickHouseStoreReport {
  version: string;
  /** MIDGOAL_STORE as the collector got it (the bench's own database, dropped at the end). */
  url: string;
  import: StoreImportResult | NotRun;
  funnel: TimedRuns<number[]> | NotRun;
  byChannel: TimedRuns<SlicedCounts> | NotRun;
  weekly: TimedRuns<SlicedCounts> | NotRun;
  /** Each answer equals the DuckDB store's (same semantics, so all three must); null when a side is missing. */
  agree: { funnel: boolean | null; byChannel: boolean | null; weekly: boolean | null };
  collector: ClickHouseCollectorResult | NotRun;
}

export interface ClickHouseCollectorResult extends CollectorResult {
  /** Events the server had written into ClickHouse when it stopped (the rest wait in its ingest log). */
  storedEvents: number;
}
