/**
 * The reference engine: the same bench rows loaded into a local ClickHouse (its own database,
 * dropped afterwards) and the same funnel computed with `windowFunnel`, so midgoal's counts and
 * speed are compared with what the field uses.
 */
import { Readable } from 'node:stream';
import { createClient } from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { addToSlice, sorted, weekLabel } from './benchCacheQueries.ts';
import type { SlicedCounts } from './benchCacheQueries.ts';
import { BENCH_SITE, BENCH_STEPS, BENCH_WINDOW_SECONDS, benchTsvChunks } from './generateBenchEvents.ts';
import type { BenchSpec } from './generateBenchEvents.ts';

export const CLICKHOUSE_URL = 'http://127.0.0.1:8123';
/** Per process: two benches on one machine must not load into, or drop, each other's table. */
const DATABASE = `midgoal_bench_${process.pid}`;
const TABLE = `${DATABASE}.events`;
/** Event names go into the SQL text (ClickHouse 18 has no query parameters): allow only these. */
const SAFE_NAME = /^[a-z_]+$/;
const INSERT_ROWS = 1_000_000;

export interface ClickHouseBench {
  version: string;
  load(spec: BenchSpec, onRows: (rows: number) => void): Promise<number>;
  funnelCounts(): Promise<number[]>;
  /** Per channel (the visitor's channel at its first step-0 event, argMinIf), units per step. */
  funnelByChannel(): Promise<SlicedCounts>;
  /** Per week (of the visitor's first step-0 event), units per step. */
  weeklyTrend(): Promise<SlicedCounts>;
  close(): Promise<void>;
}

/** The local ClickHouse, or null when nothing answers on 127.0.0.1:8123 within 2 s. */
export async function connectClickHouse(): Promise<ClickHouseBench | null> {
  const client = createClient({ url: CLICKHOUSE_URL });
  let version: string;
  try {
    const ping = await Promise.race([
      client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' }).then((rs) => rs.json()),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000)),
    ]);
    version = z.array(z.object({ v: z.string() })).parse(ping)[0]?.v ?? 'unknown';
  } catch {
    await client.close();
    return null;
  }
  return {
    version,
    load: (spec, onRows) => load(client, spec, onRows),
    funnelCounts: () => funnelCounts(client),
    funnelByChannel: () => slicedCounts(client, clickHouseBenchSql(TABLE).byChannel),
    weeklyTrend: () => slicedCounts(client, clickHouseBenchSql(TABLE).weekly, (week) => weekLabel(Number(week))),
    close: async () => {
      await client.command({ query: `DROP DATABASE IF EXISTS ${DATABASE}` }).catch(() => undefined);
      await client.close();
    },
  };
}

async function load(client: ClickHouseClient, spec: BenchSpec, onRows: (rows: number) => void): Promise<number> {
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${DATABASE}` });
  await client.command({ query: `DROP TABLE IF EXISTS ${TABLE}` });
  await client.command({
    query: `CREATE TABLE ${TABLE} (site String, ts UInt32, name String, visitor String,
                    channel String MATERIALIZED ${channelOfVisitorSql()})
            ENGINE = MergeTree() ORDER BY (site, visitor, ts)`,
  });
  let rows = 0;
  const started = performance.now();
  const tsv = benchTsvChunks(spec, 50_000);
  // One insert per ~1M rows: each request stays well inside the client's 30 s timeout.
  for (let more = true; more; ) {
    let batchRows = 0;
    const batch = function* (): Generator<string> {
      while (batchRows < INSERT_ROWS) {
        const next = tsv.next();
        if (next.done) {
          more = false;
          return;
        }
        yield next.value;
        const lines = countLines(next.value);
        batchRows += lines;
        rows += lines;
        onRows(rows);
      }
    };
    await client.insert({ table: TABLE, values: Readable.from(batch(), { objectMode: false }), format: 'TabSeparated' });
  }
  return (performance.now() - started) / 1000;
}

const levelRows = z.array(z.object({ level: z.coerce.number(), visitors: z.coerce.number() }));

/** Visitors reaching each step, from windowFunnel's per-visitor levels. */
async function funnelCounts(client: ClickHouseClient): Promise<number[]> {
  const rs = await client.query({ query: clickHouseBenchSql(TABLE).funnel, format: 'JSONEachRow' });
  const rows = levelRows.parse(await rs.json());
  return BENCH_STEPS.map((_, k) => rows.filter((r) => r.level >= k + 1).reduce((sum, r) => sum + r.visitors, 0));
}

const slicedRows = z.array(z.object({ slice: z.string(), level: z.coerce.number(), visitors: z.coerce.number() }));

async function slicedCounts(client: ClickHouseClient, query: string, label: (slice: string) => string = (s) => s): Promise<SlicedCounts> {
  const rs = await client.query({ query, format: 'JSONEachRow' });
  const slices: SlicedCounts = {};
  for (const row of slicedRows.parse(await rs.json())) addToSlice(slices, label(row.slice), row.level, BENCH_STEPS.length, row.visitors);
  return sorted(slices);
}

/**
 * The three bench questions as ClickHouse 18.16 SQL (no window functions, no parameters): raw
 * `windowFunnel` grouped by visitor, then counted per level — per channel taken with argMinIf at
 * the visitor's first step-0 event, or per Monday-based UTC week of that event (integer arithmetic,
 * so the server's time zone does not matter; 1970-01-01 was a Thursday).
 */
export function clickHouseBenchSql(table: string): { funnel: string; byChannel: string; weekly: string } {
  for (const name of BENCH_STEPS) if (!SAFE_NAME.test(name)) throw new Error(`unexpected step name ${name}`);
  const conditions = BENCH_STEPS.map((name) => `name = '${name}'`).join(', ');
  const first = `name = '${BENCH_STEPS[0]}'`;
  const perVisitor = (extra: string) =>
    `SELECT visitor, windowFunnel(${BENCH_WINDOW_SECONDS})(ts, ${conditions}) AS level${extra}
              FROM ${table} WHERE site = '${BENCH_SITE}' GROUP BY visitor`;
  return {
    funnel: `SELECT level, count() AS visitors FROM (
              ${perVisitor('')}
            ) GROUP BY level`,
    byChannel: `SELECT slice, level, count() AS visitors FROM (
              ${perVisitor(`, argMinIf(channel, ts, ${first}) AS slice`)}
            ) WHERE level > 0 GROUP BY slice, level`,
    weekly: `SELECT toString(week) AS slice, level, count() AS visitors FROM (
              ${perVisitor(`, intDiv(minIf(ts, ${first}) + 259200, 604800) AS week`)}
            ) WHERE level > 0 GROUP BY week, level`,
  };
}

/**
 * generateBenchEvents.ts's channel list (not exported there): visitor `v<n>` has BENCH_CHANNELS[n % 5].
 * Should the two drift, the bench's by-channel comparison between the engines says so.
 */
const BENCH_CHANNELS = ['organic_search', 'direct', 'paid_search', 'social', 'email'] as const;

/** The bench visitor's channel, computed at insert (MATERIALIZED) so ClickHouse reads a real column. */
export function channelOfVisitorSql(): string {
  return `arrayElement([${BENCH_CHANNELS.map((c) => `'${c}'`).join(', ')}], toUInt32(substring(visitor, 2)) % ${BENCH_CHANNELS.length} + 1)`;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
