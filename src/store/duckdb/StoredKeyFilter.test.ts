import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_HASH_SQL, StoredKeyFilter } from './StoredKeyFilter.ts';

let instance: DuckDBInstance;
let conn: DuckDBConnection;

/** DuckDB's key hash halves for (site, id, ts) literals, as the store computes them. */
async function keyHash(site: string, id: string, ts: string): Promise<[number, number]> {
  const result = await conn.runAndReadAll(`SELECT ${KEY_HASH_SQL('hash($1::VARCHAR, $2::VARCHAR, $3::TIMESTAMP)')}`, [site, id, ts]);
  const row = result.getRowsJS()[0] as [number, number];
  return [row[0], row[1]];
}

const one = ([hi, lo]: [number, number]): [Uint32Array, Uint32Array] => [Uint32Array.of(hi), Uint32Array.of(lo)];

beforeEach(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run('CREATE TABLE events (site VARCHAR, id VARCHAR, ts TIMESTAMP)');
  await conn.run("INSERT INTO events VALUES ('shop', 'a', '2026-01-01 00:00:00'), ('shop', 'b', '2026-01-01 00:00:01'), ('blog', 'a', '2026-01-01 00:00:00')");
});
afterEach(() => {
  conn.closeSync();
  instance.closeSync();
});

describe('StoredKeyFilter', () => {
  it('holds every stored key after loading and no other (site, id and ts all count)', async () => {
    const filter = new StoredKeyFilter(conn);
    expect(filter.loaded).toBe(false);
    expect(await filter.ready()).toBe(true);
    for (const [site, id, ts] of [['shop', 'a', '2026-01-01 00:00:00'], ['shop', 'b', '2026-01-01 00:00:01'], ['blog', 'a', '2026-01-01 00:00:00']] as const) {
      expect(filter.mayHold(...(await keyHash(site, id, ts)))).toBe(true);
    }
    expect(filter.mayHold(...(await keyHash('shop', 'a', '2026-01-01 00:00:01')))).toBe(false);
    expect(filter.mayHold(...(await keyHash('news', 'a', '2026-01-01 00:00:00')))).toBe(false);
    expect(filter.mayHold(...(await keyHash('shop', 'c', '2026-01-01 00:00:00')))).toBe(false);
  });

  it('adds new keys in one pass, and adds none when one of them is held already', async () => {
    const filter = new StoredKeyFilter(conn);
    await filter.ready();
    const fresh = await keyHash('shop', 'c', '2026-01-02 00:00:00');
    expect(filter.addIfNoneHeld(...one(fresh), 1)).toBe(true);
    expect(filter.mayHold(...fresh)).toBe(true);
    // Rows the set accounts for: 3 loaded + 1 added; the table still has 3, so ready() loads again.
    expect(await filter.ready()).toBe(true);
    expect(filter.mayHold(...fresh)).toBe(false);

    const held = await keyHash('shop', 'a', '2026-01-01 00:00:00');
    const other = await keyHash('shop', 'd', '2026-01-02 00:00:00');
    const hi = Uint32Array.of(other[0], held[0]);
    const lo = Uint32Array.of(other[1], held[1]);
    expect(filter.addIfNoneHeld(hi, lo, 2)).toBe(false);
    // The key written before the held one was taken out again; the stored keys are all there.
    expect(filter.loaded).toBe(true);
    expect(filter.mayHold(...other)).toBe(false);
    expect(filter.mayHold(...held)).toBe(true);
    expect(filter.mayHold(...(await keyHash('shop', 'b', '2026-01-01 00:00:01')))).toBe(true);
  });

  it('notices a write it was not told about (the row count differs) and loads again', async () => {
    const filter = new StoredKeyFilter(conn);
    await filter.ready();
    await conn.run("INSERT INTO events VALUES ('shop', 'z', '2026-01-03 00:00:00')");
    const z = await keyHash('shop', 'z', '2026-01-03 00:00:00');
    expect(filter.mayHold(...z)).toBe(false);
    expect(await filter.ready()).toBe(true);
    expect(filter.mayHold(...z)).toBe(true);
  });
});
