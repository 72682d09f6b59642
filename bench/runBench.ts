/**
 * `npm run bench`: (a) import rate into DuckDB, (c) the 6-step funnel, the same by channel and a
 * weekly trend on the SQL path and the funnel cache (with its build time, memory and update time),
 * (d) the same questions in a local ClickHouse when one answers (answers must agree), (b) collector
 * throughput and memory of a real server process, and (e) import, the questions and the collector again
 * on midgoal's ClickHouse store (MIDGOAL_STORE=clickhouse://…) when ClickHouse answers, side by side
 * with the DuckDB store. Every phase is bounded; each runs in its own temp folder, removed after.
 * Prints a table and writes bench/results/latest.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { openDuckDbStore } from '../src/store/duckdb/openDuckDbStore.ts';
import type { BenchReport, ClickHouseStoreReport, FunnelTiming, NotRun, SpeedReport, SpeedRow } from './BenchReport.ts';
import type { SlicedCounts } from './benchCacheQueries.ts';
import {
  BENCH_STORE_URL,
  clickHouseVersion,
  dropBenchStoreDatabase,
  measureStoreImport,
  measureStoreQueries,
  openBenchClickHouseStore,
  plainInsert,
} from './measureClickHouseStore.ts';
import { ran } from './BenchReport.ts';
import { checkTargets } from './checkTargets.ts';
import { connectClickHouse } from './clickhouseFunnel.ts';
import { formatBenchReport } from './formatBenchReport.ts';
import { benchFunnelQuery, benchSpec } from './generateBenchEvents.ts';
import type { BenchSpec } from './generateBenchEvents.ts';
import { machineInfo } from './machineInfo.ts';
import { measureCollector } from './measureCollector.ts';
import type { CollectorLimits } from './measureCollector.ts';
import { measureImport } from './measureImport.ts';
import { measureCacheUpdate, measureFunnelCache } from './measureFunnelCache.ts';
import type { CacheUpdateResult, FunnelCacheResult } from './measureFunnelCache.ts';
import { timeRuns } from './timeRuns.ts';
import { trackerSizes } from '../src/tracker/buildTracker.ts';

export interface BenchOptions {
  events: number;
  visitors: number;
  seed: number;
  quick: boolean;
  skipClickhouse: boolean;
  /** Do not run the suite again on midgoal's ClickHouse store (it runs when ClickHouse answers). */
  skipClickhouseStore?: boolean;
  /** Where latest.json goes. */
  resultsDir?: string;
}

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const FUNNEL_RUNS = 5;
/** ClickHouse store bounds: seconds of timed store.append, then seconds of repeats per question. */
const STORE_BOUNDS = { quick: { importSeconds: 60, querySeconds: 30 }, full: { importSeconds: 120, querySeconds: 60 } } as const;

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const spec = benchSpec(opts.events, opts.visitors, opts.seed);
  const limits: CollectorLimits = opts.quick
    ? { batchRequests: 1_000, singleRequests: 10_000, maxSeconds: 5 }
    : { batchRequests: 3_000, singleRequests: 30_000, maxSeconds: 15 };
  const errors: string[] = [];
  const notRun = (phase: string, err: unknown): NotRun => {
    const reason = `${phase} failed: ${err instanceof Error ? err.message : String(err)}`;
    errors.push(reason);
    return { skipped: true, reason };
  };
  const work = await mkdtemp(path.join(tmpdir(), 'midgoal-bench-'));
  const startedAt = new Date().toISOString();
  const machine = machineInfo();

  try {
    // (a) import and (c) funnel, in this process's own store.
    let importResult: BenchReport['import'] | undefined;
    let duckdb: FunnelTiming | NotRun;
    let cache: FunnelCacheResult | NotRun = { skipped: true, reason: 'import did not finish' };
    let update: CacheUpdateResult | NotRun = { skipped: true, reason: 'import did not finish' };
    try {
      log(`generating and importing ${spec.events.toLocaleString('en')} events into DuckDB…`);
      const store = await openDuckDbStore(path.join(work, 'duckdb'));
      try {
        importResult = await withBar(spec.events, 'import  ', (tick) => measureImport(store, spec, tick));
        // The three questions on the SQL path and the funnel cache (building it), before the
        // store's own funnel, which then answers from the cache as a server would.
        try {
          cache = await measureFunnelCache(store, FUNNEL_RUNS, log);
        } catch (err) {
          cache = notRun('funnel cache', err);
        }
        log(`funnel in DuckDB (store.funnelCounts), ${FUNNEL_RUNS} runs…`);
        const timed = await timeRuns(FUNNEL_RUNS, () => store.funnelCounts(benchFunnelQuery()));
        duckdb = { medianMs: timed.medianMs, runsMs: timed.runsMs, counts: timed.result };
        // Last: it appends events, which the ClickHouse copy does not get.
        try {
          update = await measureCacheUpdate(store, log);
        } catch (err) {
          update = notRun('funnel cache update', err);
        }
      } finally {
        await store.close();
      }
    } catch (err) {
      importResult ??= notRun('import', err);
      duckdb = notRun('DuckDB funnel', err);
    }

    // (d) ClickHouse, when reachable.
    const clickhouse: BenchReport['funnel']['clickhouse'] = opts.skipClickhouse
      ? { skipped: true, reason: '--skip-clickhouse' }
      : await clickhouseFunnel(spec, notRun);

    // (b) collector, against a real server process.
    let collector: BenchReport['collector'];
    try {
      log('collector over HTTP: starting `midgoal serve` on 127.0.0.1…');
      collector = await measureCollector(path.join(work, 'server'), limits, log);
    } catch (err) {
      collector = notRun('collector', err);
    }

    // (e) the same suite on midgoal's ClickHouse store.
    const duckAnswers: DuckAnswers = {
      funnel: ran(duckdb) ? duckdb.counts : null,
      byChannel: ran(cache) ? cache.breakdown.cache.result : null,
      weekly: ran(cache) ? cache.trend.cache.result : null,
    };
    const clickhouseStore: BenchReport['clickhouseStore'] = opts.skipClickhouse
      ? { skipped: true, reason: '--skip-clickhouse' }
      : opts.skipClickhouseStore
        ? { skipped: true, reason: '--skip-clickhouse-store' }
        : await clickhouseStorePhases(spec, opts.quick ? STORE_BOUNDS.quick : STORE_BOUNDS.full, limits, path.join(work, 'server-clickhouse'), duckAnswers, notRun);

    let tracker: BenchReport['tracker'];
    try {
      tracker = await trackerSizes();
    } catch (err) {
      tracker = notRun('tracker build', err);
    }

    const pair = ran(duckdb) && ran(clickhouse) ? { duckdb, clickhouse } : null;
    const speed = speedReport(cache, update, clickhouse);
    const partial: Omit<BenchReport, 'targets'> = {
      startedAt,
      machine,
      params: { events: spec.events, visitors: spec.visitors, seed: spec.seed, quick: opts.quick },
      import: importResult ?? { skipped: true, reason: 'import did not finish' },
      collector,
      tracker,
      funnel: {
        duckdb,
        clickhouse,
        countsAgree: pair ? JSON.stringify(pair.duckdb.counts) === JSON.stringify(pair.clickhouse.counts) : null,
        ratio: pair && pair.clickhouse.medianMs > 0 ? pair.duckdb.medianMs / pair.clickhouse.medianMs : null,
      },
      speed,
      clickhouseStore,
      errors,
    };
    if (partial.funnel.countsAgree === false) errors.push('MISMATCH between DuckDB and ClickHouse funnel counts');
    if (ran(speed)) {
      for (const row of speed.rows) {
        if (!row.agreeSql) errors.push(`MISMATCH between the funnel cache and the SQL path: ${row.question}`);
        // The trend buckets by the counted attempt's start (midgoal) vs the first step (ClickHouse): may differ.
        if (row.agreeClickhouse === false && row.question !== 'weekly trend') {
          errors.push(`MISMATCH between the funnel cache and ClickHouse: ${row.question}`);
        }
      }
      if (ran(speed.update) && !speed.update.agree) errors.push('MISMATCH between the funnel cache and SQL after an update');
    }
    if (ran(clickhouseStore)) {
      for (const [key, label] of [['funnel', 'funnel'], ['byChannel', 'funnel by channel'], ['weekly', 'weekly trend']] as const) {
        if (clickhouseStore.agree[key] === false) errors.push(`MISMATCH between the ClickHouse store and the DuckDB store: ${label}`);
      }
    }
    const report: BenchReport = { ...partial, targets: checkTargets(partial) };

    const resultsDir = opts.resultsDir ?? RESULTS_DIR;
    await mkdir(resultsDir, { recursive: true });
    await writeFile(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(formatBenchReport(report));
    console.log(`\nwritten: ${path.join(resultsDir, 'latest.json')}`);
    return report;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function clickhouseFunnel(spec: BenchSpec, notRun: (phase: string, err: unknown) => NotRun): Promise<BenchReport['funnel']['clickhouse']> {
  const ch = await connectClickHouse();
  if (!ch) {
    return {
      skipped: true,
      reason: 'nothing answers on 127.0.0.1:8123 (start clickhouse-server to compare, see docs/BENCH.md)',
    };
  }
  try {
    log(`loading the same events into ClickHouse ${ch.version}…`);
    const loadSeconds = await withBar(spec.events, 'clickhouse', (tick) => ch.load(spec, tick));
    log(`windowFunnel in ClickHouse, ${FUNNEL_RUNS} runs…`);
    const timed = await timeRuns(FUNNEL_RUNS, () => ch.funnelCounts());
    log(`windowFunnel by channel and weekly in ClickHouse, ${FUNNEL_RUNS} runs each…`);
    const byChannel = await timeRuns(FUNNEL_RUNS, () => ch.funnelByChannel());
    const weekly = await timeRuns(FUNNEL_RUNS, () => ch.weeklyTrend());
    return { medianMs: timed.medianMs, runsMs: timed.runsMs, counts: timed.result, version: ch.version, loadSeconds, byChannel, weekly };
  } catch (err) {
    return notRun('ClickHouse', err);
  } finally {
    await ch.close();
  }
}

interface DuckAnswers {
  funnel: number[] | null;
  byChannel: SlicedCounts | null;
  weekly: SlicedCounts | null;
}

/**
 * Import, the three questions and the collector on midgoal's ClickHouse store, in its own database
 * (dropped before and after). Each part that fails is reported and the others still run.
 */
async function clickhouseStorePhases(
  spec: BenchSpec,
  bounds: { importSeconds: number; querySeconds: number },
  limits: CollectorLimits,
  serverDir: string,
  duck: DuckAnswers,
  notRun: (phase: string, err: unknown) => NotRun,
): Promise<ClickHouseStoreReport | NotRun> {
  const version = await clickHouseVersion();
  if (version === null) {
    return { skipped: true, reason: 'nothing answers on 127.0.0.1:8123 (start clickhouse-server to run the suite on the ClickHouse store, see docs/BENCH.md)' };
  }
  let store: Awaited<ReturnType<typeof openBenchClickHouseStore>>;
  try {
    store = await openBenchClickHouseStore();
  } catch (err) {
    return notRun('ClickHouse store', err);
  }
  const notImported: NotRun = { skipped: true, reason: 'the import into the ClickHouse store did not finish' };
  const result: ClickHouseStoreReport = {
    version,
    url: BENCH_STORE_URL,
    import: notImported,
    funnel: notImported,
    byChannel: notImported,
    weekly: notImported,
    agree: { funnel: null, byChannel: null, weekly: null },
    collector: { skipped: true, reason: 'not started' },
  };
  try {
    try {
      log(`appending the same events into midgoal's ClickHouse store (ClickHouseStore.append, ${bounds.importSeconds} s timed at most)…`);
      result.import = await withBar(spec.events, 'ch store', (tick) => measureStoreImport(store, spec, bounds.importSeconds, plainInsert(store), tick));
    } catch (err) {
      result.import = notRun('ClickHouse store import', err);
    }
    if (ran(result.import)) {
      try {
        const q = await measureStoreQueries(store, FUNNEL_RUNS, bounds.querySeconds, log);
        Object.assign(result, q);
        const same = (a: unknown, b: unknown): boolean | null => (b === null ? null : JSON.stringify(a) === JSON.stringify(b));
        result.agree = { funnel: same(q.funnel.result, duck.funnel), byChannel: same(q.byChannel.result, duck.byChannel), weekly: same(q.weekly.result, duck.weekly) };
      } catch (err) {
        const failed = notRun('ClickHouse store questions', err);
        Object.assign(result, { funnel: failed, byChannel: failed, weekly: failed });
      }
    }
    try {
      log(`collector over HTTP on the ClickHouse store: starting \`midgoal serve\` with MIDGOAL_STORE=${BENCH_STORE_URL}…`);
      const collected = await measureCollector(serverDir, limits, log, undefined, { MIDGOAL_STORE: BENCH_STORE_URL });
      result.collector = { ...collected, storedEvents: await store.countEvents('demo') };
    } catch (err) {
      result.collector = notRun('collector on the ClickHouse store', err);
    }
    return result;
  } finally {
    await store.close().catch(() => undefined);
    await dropBenchStoreDatabase().catch((err: unknown) => log(`could not drop ${BENCH_STORE_URL}: ${err instanceof Error ? err.message : String(err)}`));
  }
}

/** The three questions side by side; ClickHouse's columns stay null when it did not run. */
function speedReport(cache: FunnelCacheResult | NotRun, update: CacheUpdateResult | NotRun, clickhouse: BenchReport['funnel']['clickhouse']): SpeedReport | NotRun {
  if (!ran(cache)) return cache;
  const ch = ran(clickhouse) ? clickhouse : null;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const row = (
    question: SpeedRow['question'],
    pair: FunnelCacheResult['breakdown'] | FunnelCacheResult['funnel'],
    chMs: number | null,
    chResult: unknown,
  ): SpeedRow => ({
    question,
    cacheMs: pair.cache.medianMs,
    sqlMs: pair.sql.medianMs,
    clickhouseMs: chMs,
    speedup: chMs === null || pair.cache.medianMs <= 0 ? null : chMs / pair.cache.medianMs,
    agreeSql: pair.agree,
    agreeClickhouse: ch ? same(pair.cache.result, chResult) : null,
  });
  const { funnel, breakdown, trend, ...rest } = cache;
  return {
    rows: [
      row('funnel', funnel, ch?.medianMs ?? null, ch?.counts),
      row('by channel', breakdown, ch?.byChannel.medianMs ?? null, ch?.byChannel.result),
      row('weekly trend', trend, ch?.weekly.medianMs ?? null, ch?.weekly.result),
    ],
    cache: rest,
    update,
  };
}

/** A progress bar on stderr while `fn` reports how far it got. */
async function withBar<T>(total: number, label: string, fn: (tick: (done: number) => void) => Promise<T>): Promise<T> {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} events | {duration}s`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  try {
    return await fn((done) => bar.update(done));
  } finally {
    bar.stop();
  }
}
