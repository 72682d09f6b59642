import { describe, expect, it } from 'vitest';
import { compareStores } from './compareStores.ts';
import { inputs } from './benchReportFixtures.ts';

describe('compareStores', () => {
  it('puts both stores side by side against the same targets', () => {
    expect(compareStores(inputs)).toEqual([
      { name: 'import', duckdb: '500,000 ev/s', clickhouse: '20,000 ev/s', target: '≥ 500,000 ev/s', mark: 'ok / MISSED' },
      // Without the funnel cache's rows, the DuckDB side is store.funnelCounts' median.
      { name: 'funnel (6 steps)', duckdb: '12 ms', clickhouse: '30 ms (2.5× DuckDB\'s)', target: 'same counts', mark: 'same' },
      { name: 'funnel by channel', duckdb: 'n/a', clickhouse: '200 ms', target: 'same counts', mark: 'MISMATCH' },
      { name: 'weekly trend', duckdb: 'n/a', clickhouse: 'n/a', target: 'same counts', mark: '–' },
      { name: 'collector, batches of 100', duckdb: '25,000 ev/s', clickhouse: '19,000 ev/s', target: '≥ 20,000 ev/s', mark: 'ok / MISSED' },
      // 5,000 req/s meets the rate, but a failed request misses it.
      { name: 'collector, one event per request', duckdb: '6,000 req/s', clickhouse: '5,000 req/s', target: '≥ 5,000 req/s', mark: 'ok / MISSED' },
      { name: 'collector, one event per request, p99', duckdb: '40.0 ms (p50 2.0 ms)', clickhouse: '50.0 ms (p50 3.0 ms)', target: '< 50 ms', mark: 'ok / MISSED' },
      { name: 'server peak RSS during the load', duckdb: '200 MB', clickhouse: '350 MB', target: '< 300 MB', mark: 'ok / MISSED' },
    ]);
  });

  it('takes the DuckDB times from the funnel cache rows when there are some', () => {
    const row = { cacheMs: 4, sqlMs: 40, clickhouseMs: null, speedup: null, agreeSql: true, agreeClickhouse: null };
    const cache = { events: 1, visitors: 1, shapes: 1, estimatedMb: 1, buildSeconds: 1, rssAddedMb: 1, peakRssMb: 1, scannedBytes: 1, scanGBps: 1, readBoundGBps: 1 };
    const speed = {
      rows: [
        { ...row, question: 'funnel' as const },
        { ...row, question: 'by channel' as const, cacheMs: 8 },
        { ...row, question: 'weekly trend' as const, cacheMs: 0.4 },
      ],
      cache,
      update: { skipped: true as const, reason: 'n' },
    };
    const rows = compareStores({ ...inputs, speed });
    expect(rows.slice(1, 4).map((r) => [r.duckdb, r.clickhouse])).toEqual([
      ['4 ms', "30 ms (7.5× DuckDB's)"],
      ['8 ms', "200 ms (25× DuckDB's)"],
      ['0 ms', 'n/a'],
    ]);
  });

  it('marks every ClickHouse figure missing when the store did not run', () => {
    const rows = compareStores({ ...inputs, clickhouseStore: { skipped: true, reason: '--skip-clickhouse-store' } });
    expect(rows.map((r) => r.clickhouse)).toEqual(Array(8).fill('n/a'));
    expect(rows.map((r) => r.mark)).toEqual(['ok / –', '–', '–', '–', 'ok / –', 'ok / –', 'ok / –', 'ok / –']);
  });
});
