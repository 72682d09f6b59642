import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance as Instance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendBuiltChunks, buildChunkRange, buildChunksYielding, ChunkPool } from './appendEventChunks.ts';
import type { ChunkColumn } from './appendEventChunks.ts';

interface Row {
  text: string | null;
  page: string | null;
  ms: number;
  amount: number | null;
}

const COLUMNS: ChunkColumn<Row>[] = [
  { type: 'varchar', value: (r) => r.text },
  { type: 'varchar', value: (r) => r.page, repeats: true },
  { type: 'timestamp_ms', value: (r) => r.ms, label: 'ms' },
  { type: 'double', value: (r) => r.amount },
];

const PAGES = ['https://shop.example/products/hojicha-tea', 'https://shop.example/カート/確認', '/short', null];

/** Rows over several chunks: short, long, non-ASCII, 12-byte edge and NULL values; repeated long pages. */
function rows(count: number, salt: string): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    text: i % 7 === 0 ? null : i % 5 === 0 ? `長い値-${salt}-${i}-${'x'.repeat(i % 20)}` : i % 3 === 0 ? 'abcdefghijkl' : `${salt}${i}`,
    page: PAGES[i % PAGES.length] ?? null,
    ms: Date.UTC(2026, 0, 1) + i * 1001,
    amount: i % 4 === 0 ? null : i / 8,
  }));
}

let instance: Instance;
let conn: DuckDBConnection;
beforeEach(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run('CREATE TABLE t (text VARCHAR, page VARCHAR, ts TIMESTAMP, amount DOUBLE)');
});
afterEach(() => {
  conn.closeSync();
  instance.closeSync();
});

async function appendRows(built: Parameters<typeof appendBuiltChunks>[1]): Promise<void> {
  const appender = await conn.createAppender('t');
  appendBuiltChunks(appender, built);
  appender.flushSync();
  appender.closeSync();
}

async function readBack(): Promise<Row[]> {
  const result = await conn.runAndReadAll('SELECT text, page, epoch_ms(ts), amount FROM t ORDER BY ts');
  return result.getRowsJS().map(([text, page, ms, amount]) => ({
    text: text as string | null,
    page: page as string | null,
    ms: Number(ms),
    amount: amount as number | null,
  }));
}

describe('buildChunkRange and buildChunksYielding', () => {
  it('stores every value exactly, also from chunks reused out of the pool', async () => {
    const pool = new ChunkPool(COLUMNS as ChunkColumn<unknown>[]);
    const first = rows(5000, 'a');
    const built = buildChunkRange(first, 0, first.length, COLUMNS, () => 'row', pool);
    expect(built).toHaveLength(3); // 2,048 rows a chunk
    await appendRows(built);
    pool.give(built);
    // The second batch gets the same chunks back: nothing of the first may show through.
    const second = rows(3000, 'b').map((r) => ({ ...r, ms: r.ms + 86_400_000 * 30 }));
    const again = await buildChunksYielding(second, COLUMNS, () => 'row', pool);
    expect(again[0]).toBe(built[built.length - 1]);
    await appendRows(again);
    expect(await readBack()).toEqual([...first, ...second]);
    const pages = await conn.runAndReadAll("SELECT count(*) FROM t WHERE page = 'https://shop.example/カート/確認'");
    expect(Number(pages.getRowsJS()[0]?.[0])).toBe(2000); // every 4th of 8,000
  });

  it('refuses a time that is not a number, naming the row, and gives its chunks back', () => {
    const pool = new ChunkPool(COLUMNS as ChunkColumn<unknown>[]);
    const bad = rows(3000, 'c');
    (bad[2500] as Row).ms = Number.NaN;
    expect(() => buildChunkRange(bad, 0, bad.length, COLUMNS, (r) => `Row at ${r.ms}`, pool)).toThrow(`Row at NaN has no valid ms (NaN)`);
    // Both chunks taken (rows 0–2047 and the one that failed) went back to the pool.
    expect(pool.available).toBe(2);
  });
});
