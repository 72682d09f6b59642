/** Hand-checkable bench figures shared by the bench's unit tests (no timing, no I/O). */
import type { BenchReport, ClickHouseStoreReport } from './BenchReport.ts';
import type { CollectorResult } from './measureCollector.ts';
import type { LoadResult } from './httpLoad.ts';

export const load = (over: Partial<LoadResult>): LoadResult => ({
  requests: 1000,
  ok: 1000,
  failed: 0,
  failures: [],
  acceptedEvents: 0,
  seconds: 1,
  requestsPerSecond: 0,
  eventsPerSecond: 0,
  p50Ms: 1,
  p99Ms: 1,
  maxMs: 1,
  clientCpuPercent: 50,
  ...over,
});

export const duckCollector: CollectorResult = {
  batched: load({ eventsPerSecond: 25_000 }),
  single: load({ requestsPerSecond: 6_000, p50Ms: 2, p99Ms: 40 }),
  peakRssMb: 200,
};

export const runs = <T>(medianMs: number, result: T) => ({ medianMs, runsMs: [medianMs], result });

export const chStore: ClickHouseStoreReport = {
  version: '18.16.1',
  url: 'clickhouse://127.0.0.1:8123/midgoal_bench_store_1',
  import: { events: 200_000, appendSeconds: 10, generateSeconds: 1, eventsPerSecond: 20_000, bulkEvents: 0, bulkSeconds: 0 },
  funnel: runs(30, [10, 5]),
  byChannel: runs(200, { direct: [10, 5] }),
  weekly: { skipped: true, reason: 'ClickHouse store questions failed: boom' },
  agree: { funnel: true, byChannel: false, weekly: null },
  collector: {
    batched: load({ eventsPerSecond: 19_000 }),
    single: load({ requestsPerSecond: 5_000, p50Ms: 3, p99Ms: 50, failed: 1 }),
    peakRssMb: 350,
    storedEvents: 1234,
  },
};

export const inputs: Pick<BenchReport, 'import' | 'collector' | 'funnel' | 'speed' | 'clickhouseStore'> = {
  import: { events: 200_000, appendSeconds: 0.4, generateSeconds: 0.1, eventsPerSecond: 500_000 },
  collector: duckCollector,
  funnel: { duckdb: { medianMs: 12, runsMs: [12], counts: [10, 5] }, clickhouse: { skipped: true, reason: 'y' }, countsAgree: null, ratio: null },
  speed: { skipped: true, reason: 'z' },
  clickhouseStore: chStore,
};

