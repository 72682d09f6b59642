/**
 * The reference engine: the same bench rows loaded into a local ClickHouse (its own database,
 * dropped afterwards) and the same funnel computed with `windowFunnel`, so midgoal's counts and
 * speed are compared with what the field uses.
 */
import { Readable } from 'node:stream';
import { createClient } from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { BENCH_SITE, BENCH_STEPS, BENCH_WINDOW_SECONDS, benchTsvChunks } from './generateBenchEvents.ts';
import type { BenchSpec } from './generateBenchEvents.ts';

export const CLICKHOUSE_URL = 'http://127.0.0.1:8123';
const DATABASE = 'midgoal_bench';
const TABLE = `${DATABASE}.events`;
/** Event names go into the SQL text (ClickHouse 18 has no query parameters): allow only these. */
const SAFE_NAME = /^[a-z_]+$/;
const INSERT_ROWS = 1_000_000;

export interface ClickHouseBench {
  version: string;
  load(spec: BenchSpec, onRows: (rows: number) => void): Promise<number>;
  funnelCounts(): Promise<number[]>;
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
    query: `CREATE TABLE ${TABLE} (site String, ts UInt32, name String, visitor String)
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
  for (const name of BENCH_STEPS) if (!SAFE_NAME.test(name)) throw new Error(`unexpected step name ${name}`);
  const conditions = BENCH_STEPS.map((name) => `name = '${name}'`).join(', ');
  const rs = await client.query({
    query: `SELECT level, count() AS visitors FROM (
              SELECT visitor, windowFunnel(${BENCH_WINDOW_SECONDS})(ts, ${conditions}) AS level
              FROM ${TABLE} WHERE site = '${BENCH_SITE}' GROUP BY visitor
            ) GROUP BY level`,
    format: 'JSONEachRow',
  });
  const rows = levelRows.parse(await rs.json());
  return BENCH_STEPS.map((_, k) => rows.filter((r) => r.level >= k + 1).reduce((sum, r) => sum + r.visitors, 0));
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
