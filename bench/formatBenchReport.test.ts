import { describe, expect, it } from 'vitest';
import { formatBenchReport, formatStores } from './formatBenchReport.ts';
import { checkTargets } from './checkTargets.ts';
import type { BenchReport } from './BenchReport.ts';
import { chStore, inputs } from './benchReportFixtures.ts';

const partial: Omit<BenchReport, 'targets'> = {
  ...inputs,
  startedAt: '2026-11-25T00:00:00.000Z',
  machine: { cores: 2, cpuModel: 'test', ramGb: 4, node: 'v20', platform: 'linux', loadAverage1m: 0 },
  params: { events: 200_000, visitors: 20_000, seed: 1, quick: true },
  tracker: { raw: 3000, gzip: 2000, brotli: 1800 },
  errors: ['MISMATCH between the ClickHouse store and the DuckDB store: funnel by channel'],
};
const report: BenchReport = { ...partial, targets: checkTargets(partial) };

describe('formatStores', () => {
  it('prints both stores side by side, then what the ClickHouse store did', () => {
    expect(formatStores(report)).toEqual([
      '',
      'midgoal on its ClickHouse store (ClickHouse 18.16.1, MIDGOAL_STORE=clickhouse://127.0.0.1:8123/midgoal_bench_store_1), same events and questions:',
      'on each store                          DuckDB store          ClickHouse store       target          DuckDB / ClickHouse',
      'import                                 500,000 ev/s          20,000 ev/s            ≥ 500,000 ev/s  ok / MISSED',
      "funnel (6 steps)                       12 ms                 30 ms (2.5× DuckDB's)  same counts     same",
      'funnel by channel                      n/a                   200 ms                 same counts     MISMATCH',
      'weekly trend                           n/a                   n/a                    same counts     –',
      'collector, batches of 100              25,000 ev/s           19,000 ev/s            ≥ 20,000 ev/s   ok / MISSED',
      'collector, one event per request       6,000 req/s           5,000 req/s            ≥ 5,000 req/s   ok / MISSED',
      'collector, one event per request, p99  40.0 ms (p50 2.0 ms)  50.0 ms (p50 3.0 ms)   < 50 ms         ok / MISSED',
      'server peak RSS during the load        200 MB                350 MB                 < 300 MB        ok / MISSED',
      "ClickHouse store import:       200,000 events appended in 10.00 s (the store looks each batch's ids up before inserting)",
      'ClickHouse store funnel:       median 30 ms of [30] → 10 → 5',
      'ClickHouse store by channel:   median 200 ms of [200] (1 group)',
      'ClickHouse store weekly trend: not measured — ClickHouse store questions failed: boom',
      'collector on ClickHouse batched: 1,000 requests in 1.0 s, 0 events accepted, p50 1.0 ms, p99 1.0 ms, max 1.0 ms, 0 failed, load generator used 50% of a core',
      'collector on ClickHouse single : 1,000 requests in 1.0 s, 0 events accepted, p50 3.0 ms, p99 50.0 ms, max 1.0 ms, 1 failed, load generator used 50% of a core',
      'collector on ClickHouse: 1,234 events were in ClickHouse when the server stopped (an answer means the ingest log has them; its writer fills the store behind)',
      '',
      "!!!!!!!! MISMATCH: the ClickHouse store's answers differ from the DuckDB store's (funnel by channel) !!!!!!!!",
      '',
    ]);
  });

  it('says when the time bound sent the rest of the import through a plain insert', () => {
    const imp = { events: 1_200_000, appendSeconds: 120, generateSeconds: 2, eventsPerSecond: 10_000, bulkEvents: 8_800_000, bulkSeconds: 95.04 };
    const lines = formatStores({ ...report, clickhouseStore: { ...chStore, import: imp } });
    expect(lines).toContain(
      "ClickHouse store import:       1,200,000 events appended in 120.00 s (the store looks each batch's ids up before inserting); " +
        'time bound reached, the other 8,800,000 went in by a plain insert in 95.0 s (untimed, no id check)',
    );
  });

  it('gives the reason in one line when the ClickHouse store did not run', () => {
    expect(formatStores({ ...report, clickhouseStore: { skipped: true, reason: '--skip-clickhouse-store' } })).toEqual([
      '',
      'ClickHouse store: not measured — --skip-clickhouse-store',
    ]);
  });
});

describe('formatBenchReport', () => {
  it('keeps the targets table and adds the store section before the errors', () => {
    const text = formatBenchReport(report);
    expect(text).toContain('import into DuckDB (as midgoal import)       500,000 ev/s');
    const section = text.indexOf('midgoal on its ClickHouse store');
    expect(section).toBeGreaterThan(text.indexOf('funnel cache: not measured — z'));
    expect(text.indexOf('ERROR: MISMATCH between the ClickHouse store and the DuckDB store: funnel by channel')).toBeGreaterThan(section);
  });
});
