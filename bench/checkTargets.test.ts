import { describe, expect, it } from 'vitest';
import { checkTargets } from './checkTargets.ts';
import type { BenchReport } from './BenchReport.ts';
import { load } from './benchReportFixtures.ts';

const base: Omit<BenchReport, 'targets'> = {
  startedAt: '2026-11-25T00:00:00.000Z',
  machine: { cores: 2, cpuModel: 'test', ramGb: 4, node: 'v20', platform: 'linux', loadAverage1m: 0 },
  params: { events: 1000, visitors: 100, seed: 1, quick: true },
  import: { events: 1000, appendSeconds: 0.001, generateSeconds: 0, eventsPerSecond: 1_000_000 },
  collector: {
    batched: load({ eventsPerSecond: 19_999 }),
    single: load({ requestsPerSecond: 6_000, p50Ms: 2, p99Ms: 49.9 }),
    peakRssMb: 300,
  },
  tracker: { raw: 3000, gzip: 2049, brotli: 1800 },
  funnel: { duckdb: { skipped: true, reason: 'x' }, clickhouse: { skipped: true, reason: 'y' }, countsAgree: null, ratio: null },
  speed: { skipped: true, reason: 'z' },
  clickhouseStore: { skipped: true, reason: 'w' },
  errors: [],
};

describe('checkTargets', () => {
  it('passes and misses at the stated thresholds, and marks missing figures as unknown', () => {
    const byName = Object.fromEntries(checkTargets(base).map((t) => [t.name, t.pass]));
    expect(byName).toEqual({
      'funnel (funnel cache) vs ClickHouse': null,
      'by channel (funnel cache) vs ClickHouse': null,
      'weekly trend (funnel cache) vs ClickHouse': null,
      'funnel (6 steps) vs ClickHouse windowFunnel': null,
      'import into DuckDB (as midgoal import)': true,
      'collector, batches of 100': false,
      'collector, one event per request': true,
      'collector, one event per request, p99': true,
      'server peak RSS during the load': false,
      'tracker script t.js, gzipped': false,
    });
  });

  it('fails the throughput target when any request failed', () => {
    const withFailures = { ...base, collector: { ...base.collector, single: load({ requestsPerSecond: 9_000, failed: 1 }), peakRssMb: 100 } };
    expect(checkTargets(withFailures).find((t) => t.name === 'collector, one event per request')?.pass).toBe(false);
  });

  it('reads the ClickHouse ratio: below 1 is faster', () => {
    const faster = { ...base, funnel: { ...base.funnel, ratio: 0.8 } };
    expect(checkTargets(faster).find((t) => t.name.startsWith('funnel (6 steps)'))).toMatchObject({ pass: true, value: "0.80× ClickHouse's time" });
  });

  it('needs 5× ClickHouse and the SQL path’s answer for each question', () => {
    const row = { cacheMs: 100, sqlMs: 400, clickhouseMs: 500, speedup: 5, agreeSql: true, agreeClickhouse: true };
    const update = { skipped: true as const, reason: 'n' };
    const cache = { events: 1, visitors: 1, shapes: 1, estimatedMb: 1, buildSeconds: 1, rssAddedMb: 1, peakRssMb: 1, scannedBytes: 1, scanGBps: 1, readBoundGBps: 1 };
    const speed = {
      rows: [
        { ...row, question: 'funnel' as const },
        { ...row, question: 'by channel' as const, speedup: 4.9, clickhouseMs: 490 },
        { ...row, question: 'weekly trend' as const, agreeSql: false },
      ],
      cache,
      update,
    };
    const byName = Object.fromEntries(checkTargets({ ...base, speed }).map((t) => [t.name, t.pass]));
    expect(byName['funnel (funnel cache) vs ClickHouse']).toBe(true);
    expect(byName['by channel (funnel cache) vs ClickHouse']).toBe(false);
    expect(byName['weekly trend (funnel cache) vs ClickHouse']).toBe(false);
  });
});
