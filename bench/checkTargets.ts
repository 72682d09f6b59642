/**
 * The targets midgoal promises on a small machine (README/BENCH.md), checked against a report.
 * A missing figure is `pass: null`, never a silent pass.
 */
import type { BenchReport, TargetCheck } from './BenchReport.ts';
import { ran } from './BenchReport.ts';

export const TARGETS = {
  importEventsPerSecond: 500_000,
  batchedEventsPerSecond: 20_000,
  singleRequestsPerSecond: 5_000,
  singleP99Ms: 50,
  peakRssMb: 300,
  trackerGzipBytes: 2048,
  /** Issue 3: each bench question at least this many times faster than ClickHouse windowFunnel. */
  speedupOverClickhouse: 5,
} as const;

const n = (x: number): string => Math.round(x).toLocaleString('en');

export function checkTargets(report: Omit<BenchReport, 'targets'>): TargetCheck[] {
  const imp = ran(report.import) ? report.import : null;
  const col = ran(report.collector) ? report.collector : null;
  const { ratio } = report.funnel;
  const tracker = ran(report.tracker) ? report.tracker : null;
  const speed = ran(report.speed) ? report.speed : null;
  const speedChecks = (['funnel', 'by channel', 'weekly trend'] as const).map((question): TargetCheck => {
    const row = speed?.rows.find((r) => r.question === question);
    const speedup = row?.speedup ?? null;
    return {
      name: `${question} (funnel cache) vs ClickHouse`,
      target: `≥ ${TARGETS.speedupOverClickhouse}× faster, same answer as SQL`,
      value: row ? `${speedup === null ? 'n/a' : `${speedup.toFixed(1)}×`} (${row.cacheMs.toFixed(0)} ms vs ${row.clickhouseMs?.toFixed(0) ?? '–'} ms)` : 'n/a',
      pass: row === undefined || speedup === null ? null : speedup >= TARGETS.speedupOverClickhouse && row.agreeSql,
    };
  });
  return [
    ...speedChecks,
    {
      name: 'funnel (6 steps) vs ClickHouse windowFunnel',
      target: 'faster than ClickHouse (ratio < 1)',
      value: ratio === null ? 'n/a' : `${ratio.toFixed(2)}× ClickHouse's time`,
      pass: ratio === null ? null : ratio < 1,
    },
    {
      name: 'import into DuckDB (as midgoal import)',
      target: `≥ ${n(TARGETS.importEventsPerSecond)} ev/s`,
      value: imp ? `${n(imp.eventsPerSecond)} ev/s` : 'n/a',
      pass: imp ? imp.eventsPerSecond >= TARGETS.importEventsPerSecond : null,
    },
    {
      name: 'collector, batches of 100',
      target: `≥ ${n(TARGETS.batchedEventsPerSecond)} ev/s`,
      value: col ? `${n(col.batched.eventsPerSecond)} ev/s` : 'n/a',
      pass: col ? col.batched.eventsPerSecond >= TARGETS.batchedEventsPerSecond && col.batched.failed === 0 : null,
    },
    {
      name: 'collector, one event per request',
      target: `≥ ${n(TARGETS.singleRequestsPerSecond)} req/s`,
      value: col ? `${n(col.single.requestsPerSecond)} req/s` : 'n/a',
      pass: col ? col.single.requestsPerSecond >= TARGETS.singleRequestsPerSecond && col.single.failed === 0 : null,
    },
    {
      name: 'collector, one event per request, p99',
      target: `< ${TARGETS.singleP99Ms} ms`,
      value: col ? `${col.single.p99Ms.toFixed(1)} ms (p50 ${col.single.p50Ms.toFixed(1)} ms)` : 'n/a',
      pass: col ? col.single.p99Ms < TARGETS.singleP99Ms : null,
    },
    {
      name: 'server peak RSS during the load',
      target: `< ${TARGETS.peakRssMb} MB`,
      value: col && col.peakRssMb > 0 ? `${n(col.peakRssMb)} MB` : 'n/a',
      pass: col && col.peakRssMb > 0 ? col.peakRssMb < TARGETS.peakRssMb : null,
    },
    {
      name: 'tracker script t.js, gzipped',
      target: `≤ ${n(TARGETS.trackerGzipBytes)} B`,
      value: tracker ? `${n(tracker.gzip)} B (raw ${n(tracker.raw)} B, brotli ${n(tracker.brotli)} B)` : 'n/a',
      pass: tracker ? tracker.gzip <= TARGETS.trackerGzipBytes : null,
    },
  ];
}
