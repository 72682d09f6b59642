/**
 * The funnel cache's part of `npm run bench`: on a store already holding the bench events, times
 * the three bench questions (benchCacheQueries.ts) on the SQL path and from the cache, checks they
 * agree, and measures what the cache costs: build time, memory, the time to take in a 20k-event
 * batch, and bytes read per query against how fast this process can stream memory at all.
 */
import type { DuckDbStore } from '../src/store/duckdb/openDuckDbStore.ts';
import { funnelCounts } from '../src/store/duckdb/funnelCounts.ts';
import { funnelUnits } from '../src/store/duckdb/funnelUnits.ts';
import { BENCH_SITE, benchEventChunks, benchFunnelQuery, benchSpec } from './generateBenchEvents.ts';
import type { SlicedCounts } from './benchCacheQueries.ts';
import { funnelByChannel, weeklyTrend } from './benchCacheQueries.ts';
import { timeRuns } from './timeRuns.ts';
import type { TimedRuns } from './timeRuns.ts';

export const UPDATE_BATCH_EVENTS = 20_000;

/** Cache and SQL times of one question, and whether their answers are equal. */
export interface QueryPair<T> {
  cache: TimedRuns<T>;
  sql: TimedRuns<T>;
  agree: boolean;
}

export interface FunnelCacheResult {
  events: number;
  visitors: number;
  shapes: number;
  /** The cache's own estimate of what it holds (MIDGOAL_FUNNEL_CACHE_MB counts this). */
  estimatedMb: number;
  buildSeconds: number;
  /** RSS growth from building the cache (after a GC when exposed). */
  rssAddedMb: number;
  /** The process's peak RSS so far (getrusage maxrss). */
  peakRssMb: number;
  funnel: QueryPair<number[]>;
  breakdown: QueryPair<SlicedCounts>;
  trend: QueryPair<SlicedCounts>;
  /** Bytes the cached 6-step funnel reads (time + shape per event, offsets per visitor). */
  scannedBytes: number;
  /** scannedBytes ÷ the cached funnel's median time. */
  scanGBps: number;
  /** A plain typed-array sum over as many bytes in this process: the memory-read bound for one JS thread. */
  readBoundGBps: number;
}

/** A batch appended (store.append, timed apart) then taken in by the cache (updateMs). */
export interface CacheUpdateResult {
  events: number;
  appendMs: number;
  updateMs: number;
  /** The cache's counts equal the SQL path's after the update. */
  agree: boolean;
}

const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;

export async function measureFunnelCache(store: DuckDbStore, runs: number, log: (line: string) => void): Promise<FunnelCacheResult> {
  const query = benchFunnelQuery();
  const conn = await store.connect();
  // funnelUnits only: the questions fold the SQL path's units (funnelGroupCounts.ts), while the
  // store answers them from the cache's aggregate paths (funnelBreakdownCounts, funnelBucketCounts).
  const sqlStore = { funnelUnits: (q: Parameters<typeof funnelUnits>[1], cb: Parameters<typeof funnelUnits>[2]) => funnelUnits(conn, q, cb) };
  try {
    log(`funnel cache: SQL path, ${runs} runs of each question…`);
    const sqlFunnel = await timeRuns(runs, () => funnelCounts(conn, query));
    const sqlBreakdown = await timeRuns(runs, () => funnelByChannel(sqlStore));
    const sqlTrend = await timeRuns(runs, () => weeklyTrend(sqlStore));

    log('funnel cache: building…');
    gc();
    const rssBefore = rssMb();
    const started = performance.now();
    const status = await store.funnelCache.warm(BENCH_SITE);
    const buildSeconds = (performance.now() - started) / 1000;
    if (status.refused !== null) throw new Error(`the funnel cache was not built: ${status.refused}`);
    gc();
    const rssAddedMb = rssMb() - rssBefore;

    log(`funnel cache: ${runs} runs of each question…`);
    const cacheFunnel = await timeRuns(runs, () => store.funnelCounts(query));
    const cacheBreakdown = await timeRuns(runs, () => funnelByChannel(store));
    const cacheTrend = await timeRuns(runs, () => weeklyTrend(store));

    const scannedBytes = status.events * 8 + status.visitors * 8;
    const readBoundGBps = measureReadBound(scannedBytes);

    const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
    return {
      events: status.events,
      visitors: status.visitors,
      shapes: status.shapes,
      estimatedMb: status.estimatedMb,
      buildSeconds,
      rssAddedMb,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      funnel: { cache: cacheFunnel, sql: sqlFunnel, agree: same(cacheFunnel.result, sqlFunnel.result) },
      breakdown: { cache: cacheBreakdown, sql: sqlBreakdown, agree: same(cacheBreakdown.result, sqlBreakdown.result) },
      trend: { cache: cacheTrend, sql: sqlTrend, agree: same(cacheTrend.result, sqlTrend.result) },
      scannedBytes,
      scanGBps: scannedBytes / (cacheFunnel.medianMs / 1000) / 1e9,
      readBoundGBps,
    };
  } finally {
    conn.closeSync();
  }
}

/**
 * Appends UPDATE_BATCH_EVENTS new bench events (a later month, a tenth of them from new visitors)
 * and times how long the cache takes to be up to date again. Changes the store: run it last.
 */
export async function measureCacheUpdate(store: DuckDbStore, log: (line: string) => void): Promise<CacheUpdateResult> {
  const query = benchFunnelQuery();
  await store.funnelCache.warm(BENCH_SITE);
  log(`funnel cache: appending ${UPDATE_BATCH_EVENTS.toLocaleString('en')} events and taking them in…`);
  const spec = { ...benchSpec(UPDATE_BATCH_EVENTS, UPDATE_BATCH_EVENTS / 10, 7), start: benchSpec(1, 1).start + 28 * 86_400_000 };
  let appendMs = 0;
  for (const chunk of benchEventChunks(spec, UPDATE_BATCH_EVENTS * 2)) {
    const t = performance.now();
    await store.append(chunk, null);
    appendMs += performance.now() - t;
  }
  const t = performance.now();
  await store.funnelCache.warm(BENCH_SITE);
  const updateMs = performance.now() - t;
  const cached = await store.funnelCache.funnelCounts(query);
  const conn = await store.connect();
  try {
    const sql = await funnelCounts(conn, query);
    return { events: UPDATE_BATCH_EVENTS, appendMs, updateMs, agree: JSON.stringify(cached) === JSON.stringify(sql) };
  } finally {
    conn.closeSync();
  }
}

/** GB/s of summing an Int32Array of `bytes` (best of 3): what one JS thread can read at most. */
function measureReadBound(bytes: number): number {
  const words = new Int32Array(Math.max(1 << 20, Math.ceil(bytes / 4)));
  for (let i = 0; i < words.length; i++) words[i] = i;
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    let sum = 0;
    for (let i = 0; i < words.length; i++) sum = (sum + (words[i] ?? 0)) | 0;
    sink ^= sum;
    best = Math.min(best, performance.now() - t);
  }
  if (sink === 0.5) throw new Error('unreachable');
  return words.byteLength / (best / 1000) / 1e9;
}

/** A full GC when node runs with --expose-gc, so RSS figures are not garbage; else nothing. */
function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
}
