/**
 * The bench's figures on both of midgoal's stores side by side: the embedded DuckDB store and the
 * ClickHouse store (MIDGOAL_STORE=clickhouse://…). Throughput, latency and memory rows are checked
 * against the same TARGETS on each store; the three questions are checked for the same counts.
 */
import type { BenchReport, NotRun } from './BenchReport.ts';
import { ran } from './BenchReport.ts';
import type { CollectorResult } from './measureCollector.ts';
import type { TimedRuns } from './timeRuns.ts';
import { TARGETS } from './checkTargets.ts';

export interface StoreRow {
  name: string;
  duckdb: string;
  clickhouse: string;
  target: string;
  /** 'ok' / 'MISSED' per store for targets, 'same' / 'MISMATCH' for answers, '–' when a figure is missing. */
  mark: string;
}

type Inputs = Pick<BenchReport, 'import' | 'collector' | 'funnel' | 'speed' | 'clickhouseStore'>;

const n = (x: number): string => Math.round(x).toLocaleString('en');
const NA = 'n/a';

export function compareStores(r: Inputs): StoreRow[] {
  const ch = ran(r.clickhouseStore) ? r.clickhouseStore : null;
  const duckImport = ran(r.import) ? r.import : null;
  const chImport = ch && ran(ch.import) ? ch.import : null;
  const duckCol = ran(r.collector) ? r.collector : null;
  const chCol = ch && ran(ch.collector) ? ch.collector : null;
  const speed = ran(r.speed) ? r.speed : null;
  const duckMs = (question: 'funnel' | 'by channel' | 'weekly trend'): number | null => {
    const row = speed?.rows.find((q) => q.question === question);
    if (row) return row.cacheMs;
    return question === 'funnel' && ran(r.funnel.duckdb) ? r.funnel.duckdb.medianMs : null;
  };
  const timed = (t: TimedRuns<unknown> | NotRun | undefined): number | null => (t && ran(t) ? t.medianMs : null);

  const rows: StoreRow[] = [];
  const target = (
    name: string,
    targetText: string,
    duck: number | null,
    chValue: number | null,
    show: (x: number) => string,
    passes: (x: number, which: 'duckdb' | 'clickhouse') => boolean,
  ): void => {
    rows.push({
      name,
      duckdb: duck === null ? NA : show(duck),
      clickhouse: chValue === null ? NA : show(chValue),
      target: targetText,
      mark: `${markOf(duck === null ? null : passes(duck, 'duckdb'))} / ${markOf(chValue === null ? null : passes(chValue, 'clickhouse'))}`,
    });
  };
  const question = (name: string, duck: number | null, chValue: number | null, agree: boolean | null): void => {
    const ms = (x: number | null): string => (x === null ? NA : `${n(x)} ms`);
    rows.push({
      name,
      duckdb: ms(duck),
      clickhouse: ms(chValue) + (duck !== null && chValue !== null && duck > 0 ? ` (${ratio(chValue / duck)} DuckDB's)` : ''),
      target: 'same counts',
      mark: agree === null ? '–' : agree ? 'same' : 'MISMATCH',
    });
  };

  target(
    'import',
    `≥ ${n(TARGETS.importEventsPerSecond)} ev/s`,
    duckImport?.eventsPerSecond ?? null,
    chImport?.eventsPerSecond ?? null,
    (x) => `${n(x)} ev/s`,
    (x) => x >= TARGETS.importEventsPerSecond,
  );
  question('funnel (6 steps)', duckMs('funnel'), timed(ch?.funnel), ch?.agree.funnel ?? null);
  question('funnel by channel', duckMs('by channel'), timed(ch?.byChannel), ch?.agree.byChannel ?? null);
  question('weekly trend', duckMs('weekly trend'), timed(ch?.weekly), ch?.agree.weekly ?? null);

  const col = (which: 'duckdb' | 'clickhouse'): CollectorResult | null => (which === 'duckdb' ? duckCol : chCol);
  target(
    'collector, batches of 100',
    `≥ ${n(TARGETS.batchedEventsPerSecond)} ev/s`,
    duckCol?.batched.eventsPerSecond ?? null,
    chCol?.batched.eventsPerSecond ?? null,
    (x) => `${n(x)} ev/s`,
    (x, which) => x >= TARGETS.batchedEventsPerSecond && col(which)?.batched.failed === 0,
  );
  target(
    'collector, one event per request',
    `≥ ${n(TARGETS.singleRequestsPerSecond)} req/s`,
    duckCol?.single.requestsPerSecond ?? null,
    chCol?.single.requestsPerSecond ?? null,
    (x) => `${n(x)} req/s`,
    (x, which) => x >= TARGETS.singleRequestsPerSecond && col(which)?.single.failed === 0,
  );
  rows.push({
    name: 'collector, one event per request, p99',
    duckdb: duckCol ? latency(duckCol) : NA,
    clickhouse: chCol ? latency(chCol) : NA,
    target: `< ${TARGETS.singleP99Ms} ms`,
    mark: `${markOf(duckCol ? duckCol.single.p99Ms < TARGETS.singleP99Ms : null)} / ${markOf(chCol ? chCol.single.p99Ms < TARGETS.singleP99Ms : null)}`,
  });
  target(
    'server peak RSS during the load',
    `< ${TARGETS.peakRssMb} MB`,
    duckCol && duckCol.peakRssMb > 0 ? duckCol.peakRssMb : null,
    chCol && chCol.peakRssMb > 0 ? chCol.peakRssMb : null,
    (x) => `${n(x)} MB`,
    (x) => x < TARGETS.peakRssMb,
  );
  return rows;
}

function latency(c: CollectorResult): string {
  return `${c.single.p99Ms.toFixed(1)} ms (p50 ${c.single.p50Ms.toFixed(1)} ms)`;
}

function markOf(pass: boolean | null): string {
  return pass === null ? '–' : pass ? 'ok' : 'MISSED';
}

/** 12.3× or 0.45×: two significant digits below 10. */
function ratio(x: number): string {
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(x >= 1 ? 1 : 2)}×`;
}
