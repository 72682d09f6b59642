import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankStoredEvent } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { createEventInserter } from './createEventInserter.ts';
import { openDuckDbStore } from './openDuckDbStore.ts';
import type { DuckDbStore } from './openDuckDbStore.ts';

const T0 = Date.UTC(2024, 0, 15, 12, 0, 0); // 1705320000000

function event(id: string, site = 'shop', ts = T0, name = 'page_view'): StoredEvent {
  return blankStoredEvent({ id, site, ts, name, visitor: `v-${id}` });
}

/** (site, id, name) of every stored event, sorted. */
async function stored(store: DuckDbStore): Promise<unknown[][]> {
  return (await store.connection().runAndReadAll('SELECT site, id, name FROM events ORDER BY site, id, name')).getRowsJS();
}

let dir: string;
let store: DuckDbStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-inserter-'));
  store = await openDuckDbStore(path.join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('append stores each event once (site, id, ts)', () => {
  it('batches handed over before the one ahead commits (built meanwhile) store each event once', async () => {
    const a = Array.from({ length: 30_000 }, (_, i) => event(`e${i}`, 'shop', T0 + i));
    // Half of a again plus 5,000 new; then a retry of a's first 100.
    const b = [...a.slice(15_000), ...Array.from({ length: 5_000 }, (_, i) => event(`f${i}`, 'shop', T0 + i))];
    await Promise.all([store.append(a, null), store.append(b, null), store.append(a.slice(0, 100), null)]);
    expect(await store.countEvents()).toBe(35_000);
    const ids = await store.connection().runAndReadAll("SELECT count(DISTINCT id), min(id), max(id) FROM events WHERE id LIKE 'f%'");
    expect(ids.getRowsJS()).toEqual([[5000n, 'f0', 'f999']]);
  });

  it('bulk batches appended beside the commit of the one ahead store each event once, in order with a delete', async () => {
    const batch = (prefix: string, n: number, from = 0): StoredEvent[] => Array.from({ length: n }, (_, i) => event(`${prefix}${from + i}`, 'shop', T0 + from + i));
    // A first batch over stored events loads the key set; bulk batches after it need no query.
    await store.append([event('seed', 'shop', T0)], null);
    await store.append(batch('a', 25_000), null);
    const b = batch('b', 25_000);
    const c = [...batch('a', 100, 24_900), ...batch('c', 24_900)]; // repeats a's last 100
    const d = batch('d', 25_000);
    await Promise.all([store.append(b, null), store.append(c, null), store.append(d, null)]);
    expect(store.appendedBeside).toBeGreaterThanOrEqual(2);
    expect(await store.countEvents()).toBe(1 + 25_000 * 3 + 24_900);
    // A delete queued between them waits for the batches ahead and goes before the ones after.
    const e = batch('e', 25_000);
    const f = batch('f', 25_000);
    const g = batch('g', 25_000);
    await Promise.all([store.append(e, null), store.append(f, null), store.deleteSiteEvents('shop'), store.append(g, null)]);
    expect(await store.countEvents()).toBe(25_000);
    expect(await stored(store)).toHaveLength(25_000);
    const ids = await store.connection().runAndReadAll("SELECT count(*) FROM events WHERE id LIKE 'g%'");
    expect(Number(ids.getRowsJS()[0]?.[0])).toBe(25_000);
  });

  it('a log batch (with a log position) is built slice by slice as it is appended, every row exactly', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => ({ ...event(`l${i}`, 'shop', T0 + i), url: `https://shop.example/p/${i % 37}`, value: i % 3 === 0 ? null : i / 4 }));
    await store.append(rows.slice(0, 100), 6);
    // 100 stored already, 39,900 new: the stored ones are left out, the rest built in slices.
    await store.append(rows, 7);
    expect(await store.appliedSeq()).toBe(7);
    expect(await store.countEvents()).toBe(40_000);
    const check = await store.connection().runAndReadAll(
      "SELECT count(DISTINCT id), sum(value), count(DISTINCT url), max(epoch_ms(ts)) FROM events WHERE url LIKE 'https://shop.example/p/%'",
    );
    const sum = rows.reduce((total, r) => total + (r.value ?? 0), 0);
    expect(check.getRowsJS()).toEqual([[40_000n, sum, 37n, BigInt(T0 + 39_999)]]);
  });

  it('a write that fails early still holds back the writes behind it: nothing twice, commits in call order', async () => {
    const batch = (prefix: string, n: number): StoredEvent[] => Array.from({ length: n }, (_, i) => event(`${prefix}${i}`, 'shop', T0 + i));
    await store.append([event('seed', 'shop', T0)], null);
    await store.append(batch('a', 25_000), null); // loads the key set: x goes beside
    const x = batch('x', 60_000);
    const order: string[] = [];
    const results = await Promise.allSettled([
      store.append(x, null).then(() => order.push('x')),
      store.append([{ ...event('bad'), ts: Number.NaN }], null).then(() => order.push('bad')),
      store.append(x.slice(0, 10), null).then(() => order.push('retry')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(order).toEqual(['x', 'retry']);
    expect(store.appendedBeside).toBeGreaterThanOrEqual(1);
    const counts = await store.connection().runAndReadAll('SELECT count(*), count(DISTINCT id) FROM events');
    expect(counts.getRowsJS()).toEqual([[85_001n, 85_001n]]);
  });

  it('a log batch that fails half way through its rows stores none of them and keeps applied_seq', async () => {
    await store.append([event('ok')], 1);
    const rows = Array.from({ length: 20_000 }, (_, i) => event(`r${i}`, 'shop', T0 + 1 + i));
    // Rows are built slice by slice inside the transaction: this one fails in the second slice.
    Object.defineProperty(rows[18_000], 'url', {
      get() {
        throw new Error('unreadable url');
      },
    });
    await expect(store.append(rows, 5)).rejects.toThrow('unreadable url');
    expect(await store.countEvents()).toBe(1);
    expect(await store.appliedSeq()).toBe(1);
    await store.append([event('y', 'shop', T0 - 5)], 6);
    expect(await store.countEvents()).toBe(2);
    expect(await store.appliedSeq()).toBe(6);
  });

  it('a batch that fails to build rejects alone; the batches around it are stored', async () => {
    const bad = [event('x1'), { ...event('x2'), ts: Number.NaN }];
    const results = await Promise.allSettled([store.append([event('ok1')], null), store.append(bad, null), store.append([event('ok2', 'shop', T0 + 1)], null)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain('Event x2 has no valid ts (NaN)');
    expect(await stored(store)).toEqual([['shop', 'ok1', 'page_view'], ['shop', 'ok2', 'page_view']]);
  });

  it('the same batch appended twice is stored once', async () => {
    const batch = [event('a'), event('b', 'shop', T0 + 1000), event('c', 'shop', T0 + 2000)];
    await store.append(batch, null);
    await store.append(batch, null);
    expect(await store.countEvents()).toBe(3);
  });

  it('a repeat inside one batch is stored once, the first one', async () => {
    await store.append([event('a', 'shop', T0, 'first'), event('b'), event('a', 'shop', T0, 'retry')], null);
    expect(await stored(store)).toEqual([
      ['shop', 'a', 'first'],
      ['shop', 'b', 'page_view'],
    ]);
  });

  it('the same id on two sites is two events', async () => {
    await store.append([event('a', 'shop')], null);
    await store.append([event('a', 'blog'), event('a', 'shop')], null);
    expect(await stored(store)).toEqual([
      ['blog', 'a', 'page_view'],
      ['shop', 'a', 'page_view'],
    ]);
  });

  it('the same id at another ts is another event (a retry must resend its ts)', async () => {
    await store.append([event('a', 'shop', T0)], null);
    await store.append([event('a', 'shop', T0 + 60_000)], null);
    expect(await store.countEvents()).toBe(2);
  });

  it('a crash replay (rows stored, applied_seq not advanced) adds nothing and advances applied_seq', async () => {
    const batch = [event('a'), event('b', 'shop', T0 + 500)];
    await store.append(batch, null); // as if the seq update had been lost
    await store.append(batch, 2);
    expect(await store.countEvents()).toBe(2);
    expect(await store.appliedSeq()).toBe(2);
  });

  it('a batch partly stored already inserts only the rest, with its own values', async () => {
    await store.append([event('a'), event('c', 'shop', T0 + 2000)], null);
    await store.append([event('a'), { ...event('b', 'shop', T0 + 1000), title: 'Cart', value: 980 }, event('c', 'shop', T0 + 2000), event('d')], null);
    const rows = (await store.connection().runAndReadAll('SELECT id, epoch_ms(ts), title, value FROM events ORDER BY id')).getRowsJS();
    expect(rows).toEqual([
      ['a', BigInt(T0), null, null],
      ['b', BigInt(T0 + 1000), 'Cart', 980],
      ['c', BigInt(T0 + 2000), null, null],
      ['d', BigInt(T0), null, null],
    ]);
  });

  it('stores values holding the separator characters exactly, and still once', async () => {
    const odd = { ...event('odd'), title: 'a\u001fb', props: '\u001e', referrer: 'x\u001ey' };
    await store.append([odd, event('plain')], null);
    await store.append([odd], null);
    const rows = (await store.connection().runAndReadAll("SELECT title, props, referrer FROM events WHERE id = 'odd'")).getRowsJS();
    expect(rows).toEqual([['a\u001fb', '\u001e', 'x\u001ey']]);
    expect(await store.countEvents()).toBe(2);
  });

  it('stores Japanese text, emoji and extreme doubles exactly', async () => {
    const values = [1e21, 5e-324, -2.5, 0.1 + 0.2, Number.MAX_SAFE_INTEGER];
    await store.append(
      values.map((value, i) => ({ ...event(`n${i}`), title: 'ほうじ茶 🍵', value })),
      null,
    );
    const rows = (await store.connection().runAndReadAll('SELECT title, value FROM events ORDER BY id')).getRowsJS();
    expect(rows).toEqual(values.map((value) => ['ほうじ茶 🍵', value]));
  });

  it('keeps rows aligned across DuckDB vectors (2,048 rows): 5,000 events, last one intact', async () => {
    const batch = Array.from({ length: 5000 }, (_, i) => ({ ...event(`e${i}`, 'shop', T0 + i), title: i % 3 === 0 ? null : `t${i}` }));
    await store.append(batch, null);
    const last = (await store.connection().runAndReadAll("SELECT epoch_ms(ts), title, visitor FROM events WHERE id = 'e4999'")).getRowsJS();
    expect(last).toEqual([[BigInt(T0 + 4999), 't4999', 'v-e4999']]);
    expect(await store.countEvents()).toBe(5000);
  });
});

describe('createEventInserter', () => {
  it('reports how many events it inserted', async () => {
    const conn = await store.connect();
    const hashConn = await store.connect();
    try {
      const inserter = await createEventInserter(conn, hashConn);
      await conn.run('BEGIN TRANSACTION');
      expect(await inserter.insertNewEvents([event('a'), event('b'), event('a')])).toBe(2);
      expect(await inserter.insertNewEvents([event('a'), event('c')])).toBe(1);
      expect(await inserter.insertNewEvents([{ ...event('e'), title: '\u001f' }, event('a')])).toBe(1); // slow path
      await conn.run('COMMIT');
      expect(await store.countEvents()).toBe(4);
    } finally {
      conn.closeSync();
      hashConn.closeSync();
    }
  });

  it('leaves out stored events among many new ones, whichever way it looks for them', async () => {
    const conn = await store.connect();
    const hashConn = await store.connect();
    try {
      const inserter = await createEventInserter(conn, hashConn);
      await conn.run('BEGIN TRANSACTION');
      // 2 stored: few enough for the filter's equality checks.
      await inserter.insertNewEvents([event('e2', 'shop', T0 + 2), event('e5', 'shop', T0 + 5)]);
      const batch = Array.from({ length: 8 }, (_, i) => event(`e${i}`, 'shop', T0 + i));
      batch[4] = { ...event('e4', 'shop', T0 + 4), title: 'odd\u001ftitle' };
      expect(await inserter.insertNewEvents(batch)).toBe(6);
      // 40 stored, at 40 different ts: more than the equality checks take, the probe of the span.
      const many = Array.from({ length: 50 }, (_, i) => event(`m${i}`, 'shop', T0 + 100 + i));
      expect(await inserter.insertNewEvents(many.slice(0, 40))).toBe(40);
      expect(await inserter.insertNewEvents(many)).toBe(10);
      await conn.run('COMMIT');
      const rows = (await store.connection().runAndReadAll('SELECT id, epoch_ms(ts) - 1705320000000, title FROM events WHERE id LIKE \'e%\' ORDER BY ts')).getRowsJS();
      expect(rows).toEqual(Array.from({ length: 8 }, (_, i) => [`e${i}`, BigInt(i), i === 4 ? 'odd\u001ftitle' : null]));
      expect(await store.countEvents()).toBe(58);
    } finally {
      conn.closeSync();
      hashConn.closeSync();
    }
  });

  it('sees events written by another connection after it loaded its filter', async () => {
    await store.append([event('a')], null);
    await store.connection().run(`INSERT INTO events SELECT * REPLACE ('b' AS id) FROM events WHERE id = 'a'`);
    await store.append([event('a'), event('b'), event('c')], null);
    expect(await stored(store)).toEqual([
      ['shop', 'a', 'page_view'],
      ['shop', 'b', 'page_view'],
      ['shop', 'c', 'page_view'],
    ]);
  });

  it('a rolled back batch is not taken for stored', async () => {
    await store.append([event('a')], null);
    await expect(store.append([event('b'), { ...event('c'), ts: Number.NaN }], null)).rejects.toThrow(/no valid ts/);
    await store.append([event('b')], null);
    expect(await store.countEvents()).toBe(2);
  });

  it('commits a bulk batch (checkpoint instead of WAL) and a small one after it', async () => {
    const threshold = async () => String((await store.connection().runAndReadAll("SELECT current_setting('checkpoint_threshold')")).getRowsJS()[0]?.[0]);
    await store.append([event('first', 'shop', T0 - 2)], null);
    const usual = await threshold();
    const bulk = Array.from({ length: 25_000 }, (_, i) => event(`k${i}`, 'shop', T0 + i));
    await store.append(bulk, 7);
    await store.append([event('small', 'shop', T0 - 1)], 8);
    await store.append(bulk.slice(0, 100), 9);
    expect(await store.countEvents()).toBe(25_002);
    expect(await store.appliedSeq()).toBe(9);
    // The store's usual threshold is back once a small batch follows the bulk one.
    expect(await threshold()).toBe(usual);
  });
});
