/**
 * How fast `DuckDbStore.append` stores realistic events: fresh ids in time order (live traffic),
 * optionally on top of a store that already holds millions of events, median of several runs.
 * Run it directly:
 *
 *     npx tsx src/store/duckdb/measureAppend.ts --batch 20000 --events 200000 --prefill 5000000
 *
 * Only the append calls are timed; `withCheckpoint` adds the CHECKPOINT that writes whatever the
 * appends left in the WAL, so a deferred checkpoint cannot pass for speed.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { generateRealisticEvents } from './generateRealisticEvents.ts';
import { DUCKDB_FILE_NAME, openDuckDbStore } from './openDuckDbStore.ts';
import type { DuckDbStore } from './openDuckDbStore.ts';

export interface AppendMeasure {
  /** Events per second over the append calls, one entry per run, in run order. */
  eventsPerSecond: number[];
  /** The same with the closing CHECKPOINT counted. */
  withCheckpoint: number[];
  /** Events per second of process CPU time (all threads) over the appends and the CHECKPOINT. */
  perCpuSecond: number[];
}

/** Opens a store in a folder: `openDuckDbStore`, or another version of it to compare against. */
export type OpenStore = (dataDir: string) => Promise<Pick<DuckDbStore, 'append' | 'connection' | 'countEvents' | 'close'>>;

export interface MeasureAppendOptions {
  batch: number;
  events: number;
  /** Events already stored before the timed appends (written by SQL, ending where the run starts). */
  prefill: number;
  runs: number;
}

/** First event of the timed appends: the prefill ends just before it. */
const RUN_START = Date.UTC(2025, 5, 1);

export async function measureAppend(options: MeasureAppendOptions, open: OpenStore = openDuckDbStore): Promise<AppendMeasure> {
  const work = await mkdtemp(path.join(tmpdir(), 'midgoal-append-'));
  try {
    const template = path.join(work, 'template');
    await prefillStore(template, options.prefill, open);
    const result: AppendMeasure = { eventsPerSecond: [], withCheckpoint: [], perCpuSecond: [] };
    for (let run = 0; run < options.runs; run++) {
      const dir = path.join(work, `run${run}`);
      await mkdir(dir);
      await copyFile(path.join(template, DUCKDB_FILE_NAME), path.join(dir, DUCKDB_FILE_NAME));
      const store = await open(dir);
      try {
        let cpuMicros = 0;
        let ms = 0;
        for (let at = 0; at < options.events; at += options.batch) {
          const batch = realisticBatch(at, Math.min(options.batch, options.events - at));
          const cpu = process.cpuUsage();
          const started = performance.now();
          await store.append(batch, null);
          ms += performance.now() - started;
          const used = process.cpuUsage(cpu);
          cpuMicros += used.user + used.system;
        }
        const cpu = process.cpuUsage();
        const started = performance.now();
        await store.connection().run('CHECKPOINT');
        const checkpointMs = performance.now() - started;
        const used = process.cpuUsage(cpu);
        cpuMicros += used.user + used.system;
        const stored = await store.countEvents();
        if (stored !== options.prefill + options.events) throw new Error(`stored ${stored} events, expected ${options.prefill + options.events}`);
        result.eventsPerSecond.push(options.events / (ms / 1000));
        result.withCheckpoint.push(options.events / ((ms + checkpointMs) / 1000));
        result.perCpuSecond.push(options.events / (cpuMicros / 1e6));
      } finally {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      }
    }
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The same events for the same `at` in every run; made between the timed calls. */
function realisticBatch(at: number, count: number): StoredEvent[] {
  const events = generateRealisticEvents(count, { start: RUN_START + at * 50, seed: at + 1 });
  // JSON round trip: events from the ingest log are parsed JSON, with flat strings.
  return JSON.parse(JSON.stringify(events)) as StoredEvent[];
}

/** A store holding `count` events, one second apart, ending before RUN_START; checkpointed. */
async function prefillStore(dir: string, count: number, open: OpenStore): Promise<void> {
  const store = await open(dir);
  try {
    const conn = store.connection();
    if (count > 0) {
      await conn.run(
        `INSERT INTO events SELECT uuid()::VARCHAR, 'shop', epoch_ms(${RUN_START - count * 1000}::BIGINT + i * 1000), 'page_view',
           md5(i::VARCHAR)[1:16], md5((i // 10)::VARCHAR)[1:16], 'https://shop.example.jp/products/' || (i % 50),
           '/products/' || (i % 50), NULL, 'Tea | Example Tea Shop', 'direct', NULL, NULL, NULL, NULL, NULL, NULL,
           'mobile', 'Chrome', 'iOS', 'JP', NULL, NULL, NULL, NULL, epoch_ms(${RUN_START - count * 1000}::BIGINT + i * 1000 + 40)
         FROM range(${count}) t(i)`,
      );
    }
    await conn.run('CHECKPOINT');
  } finally {
    await store.close();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      batch: { type: 'string', default: '20000' },
      events: { type: 'string', default: '200000' },
      prefill: { type: 'string', default: '0' },
      runs: { type: 'string', default: '3' },
    },
  });
  const options = { batch: Number(values.batch), events: Number(values.events), prefill: Number(values.prefill), runs: Number(values.runs) };
  const measured = await measureAppend(options);
  const round = (xs: number[]): string => xs.map((x) => Math.round(x).toLocaleString('en')).join(', ');
  console.log(`${JSON.stringify(options)}`);
  console.log(`append:            median ${Math.round(median(measured.eventsPerSecond)).toLocaleString('en')} events/s (${round(measured.eventsPerSecond)})`);
  console.log(`append+checkpoint: median ${Math.round(median(measured.withCheckpoint)).toLocaleString('en')} events/s (${round(measured.withCheckpoint)})`);
  console.log(`per CPU second:    median ${Math.round(median(measured.perCpuSecond)).toLocaleString('en')} events (${round(measured.perCpuSecond)})`);
}
