/**
 * The bench suite on midgoal's own ClickHouse store (src/store/clickhouse/, MIDGOAL_STORE=clickhouse://…),
 * in its own database (BENCH_STORE_DATABASE, dropped at the end): the same events appended through
 * `ClickHouseStore.append` in the same batches, then the three bench questions through the store
 * (funnelCounts, and the same breakdown/trend functions the DuckDB side uses). The collector on
 * this store is measureCollector with MIDGOAL_STORE set (runBench.ts).
 *
 * Bounded like the other phases: appends through the store stop being timed after `maxSeconds`
 * (the rest of the events go in by a plain insert of the same rows, untimed, so the questions
 * still run on all the data and can be compared), and each question runs at most `maxRuns` times
 * and stops repeating once `maxSeconds` have gone by.
 */
import { createClient } from '@clickhouse/client';
import { z } from 'zod';
import { openClickHouseStore } from '../src/store/clickhouse/openClickHouseStore.ts';
import type { ClickHouseStore } from '../src/store/clickhouse/openClickHouseStore.ts';
import { EVENTS_TABLE } from '../src/store/clickhouse/applyClickHouseMigrations.ts';
import { toClickHouseRow } from '../src/store/clickhouse/clickHouseEventRow.ts';
import type { StoredEvent } from '../src/schema/storedEvent.ts';
import { funnelByChannel, weeklyTrend } from './benchCacheQueries.ts';
import type { SlicedCounts } from './benchCacheQueries.ts';
import { CLICKHOUSE_URL } from './clickhouseFunnel.ts';
import { benchEventChunks, benchFunnelQuery } from './generateBenchEvents.ts';
import type { BenchSpec } from './generateBenchEvents.ts';
import type { ImportResult } from './measureImport.ts';
import { median } from './timeRuns.ts';
import type { TimedRuns } from './timeRuns.ts';

/**
 * Per run (the pid): the machine is shared, and two bench runs on one database would insert into
 * and drop each other's tables.
 */
export const BENCH_STORE_DATABASE = `midgoal_bench_store_${process.pid}`;
/** What `midgoal serve` gets as MIDGOAL_STORE for the collector phases. */
export const BENCH_STORE_URL = `clickhouse://127.0.0.1:8123/${BENCH_STORE_DATABASE}`;
/** The bench's own store: a long timeout, since one funnel over 10M events may take minutes on a busy machine. */
const BENCH_STORE_URL_LONG = `${BENCH_STORE_URL}?timeout=900`;

/** The import through ClickHouseStore.append: rate over the appended (timed) part. */
export interface StoreImportResult extends ImportResult {
  /** Events loaded after the time bound by a plain insert (untimed, no id check); 0 when every event went through append. */
  bulkEvents: number;
  bulkSeconds: number;
}

/** ClickHouse's version when something answers on 127.0.0.1:8123 within 2 s, else null. */
export async function clickHouseVersion(): Promise<string | null> {
  const client = createClient({ url: CLICKHOUSE_URL, request_timeout: 2_000 });
  try {
    const rs = await client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
    return z.array(z.object({ v: z.string() })).parse(await rs.json())[0]?.v ?? 'unknown';
  } catch {
    return null;
  } finally {
    await client.close();
  }
}

/** Drops the bench store's database (before, in case a killed run left it, and after). */
export async function dropBenchStoreDatabase(): Promise<void> {
  const client = createClient({ url: CLICKHOUSE_URL, request_timeout: 60_000 });
  try {
    await client.command({ query: `DROP DATABASE IF EXISTS ${BENCH_STORE_DATABASE}` });
  } finally {
    await client.close();
  }
}

/** The store as the bench uses it: no data folder (no ingest log position), an empty database. */
export async function openBenchClickHouseStore(): Promise<ClickHouseStore> {
  await dropBenchStoreDatabase();
  return openClickHouseStore(BENCH_STORE_URL_LONG, { dataDir: null });
}

/** Batch size for the ClickHouse store's import (row groups mean nothing there; as in earlier runs). */
export const STORE_IMPORT_BATCH = 100_000;

/**
 * The bench events through `store.append` in STORE_IMPORT_BATCH batches, one at a time, for at
 * most `maxSeconds` of append time; the remaining batches go in by `bulkInsert` (untimed).
 */
export async function measureStoreImport(
  store: Pick<ClickHouseStore, 'append'>,
  spec: BenchSpec,
  maxSeconds: number,
  bulkInsert: (events: readonly StoredEvent[]) => Promise<void>,
  onEvents: (events: number) => void,
): Promise<StoreImportResult> {
  let events = 0;
  let bulkEvents = 0;
  let appendMs = 0;
  let bulkMs = 0;
  let generateMs = 0;
  const chunks = benchEventChunks(spec, STORE_IMPORT_BATCH);
  for (;;) {
    const generating = performance.now();
    const next = chunks.next();
    generateMs += performance.now() - generating;
    if (next.done) break;
    const started = performance.now();
    if (appendMs < maxSeconds * 1000) {
      await store.append(next.value, null);
      appendMs += performance.now() - started;
      events += next.value.length;
    } else {
      await bulkInsert(next.value);
      bulkMs += performance.now() - started;
      bulkEvents += next.value.length;
    }
    onEvents(events + bulkEvents);
  }
  return {
    events,
    appendSeconds: appendMs / 1000,
    generateSeconds: generateMs / 1000,
    eventsPerSecond: appendMs > 0 ? events / (appendMs / 1000) : 0,
    bulkEvents,
    bulkSeconds: bulkMs / 1000,
  };
}

/** The rows store.append would write, inserted as they are (no duplicate check): the untimed remainder. */
export function plainInsert(store: ClickHouseStore): (events: readonly StoredEvent[]) => Promise<void> {
  const table = `${store.nodes.target.database}.${EVENTS_TABLE}`;
  return (events) =>
    store.nodes.run(`inserting ${events.length} events`, async (client) => {
      await client.insert({ table, values: events.map(toClickHouseRow), format: 'JSONEachRow' });
    });
}

/** Like timeRuns, but stops repeating once `maxSeconds` have gone by (always at least one run). */
export async function timeRunsWithin<T>(maxRuns: number, maxSeconds: number, fn: () => Promise<T>): Promise<TimedRuns<T>> {
  const runsMs: number[] = [];
  let result: T | undefined;
  const started = performance.now();
  for (let i = 0; i < maxRuns; i++) {
    const t = performance.now();
    result = await fn();
    runsMs.push(performance.now() - t);
    if (performance.now() - started >= maxSeconds * 1000) break;
  }
  if (result === undefined) throw new Error('timeRunsWithin needs at least one run');
  return { medianMs: median(runsMs), runsMs, result };
}

export interface StoreQueries {
  funnel: TimedRuns<number[]>;
  byChannel: TimedRuns<SlicedCounts>;
  weekly: TimedRuns<SlicedCounts>;
}

/** The three bench questions through the store, as the DuckDB side asks them (benchCacheQueries.ts). */
export async function measureStoreQueries(
  store: ClickHouseStore,
  runs: number,
  maxSeconds: number,
  log: (line: string) => void,
): Promise<StoreQueries> {
  log(`ClickHouse store: funnel (store.funnelCounts), up to ${runs} runs or ${maxSeconds} s…`);
  const funnel = await timeRunsWithin(runs, maxSeconds, () => store.funnelCounts(benchFunnelQuery()));
  log(`ClickHouse store: by channel and weekly trend (funnelUnits folded per group), up to ${runs} runs or ${maxSeconds} s each…`);
  const byChannel = await timeRunsWithin(runs, maxSeconds, () => funnelByChannel(store));
  const weekly = await timeRunsWithin(runs, maxSeconds, () => weeklyTrend(store));
  return { funnel, byChannel, weekly };
}
