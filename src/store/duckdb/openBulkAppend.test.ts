import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankStoredEvent } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { ChunkPool } from './appendEventChunks.ts';
import type { ChunkColumn } from './appendEventChunks.ts';
import { BulkBatchBuilder } from './BulkBatchBuilder.ts';
import { EVENT_CHUNK_COLUMNS, KEY_CHUNK_COLUMNS } from './eventChunkColumns.ts';
import { openBulkAppend } from './openBulkAppend.ts';
import { openDuckDbStore } from './openDuckDbStore.ts';
import type { DuckDbStore } from './openDuckDbStore.ts';

const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);
/** 12 chunks: large enough to be a bulk batch (BULK_BATCH, 20,000), small enough for a test. */
const BATCH = 24_576;

function event(id: string, ts: number, name = 'page_view'): StoredEvent {
  return { ...blankStoredEvent({ id, site: 'shop', ts, name, visitor: `v-${id}` }), url: `https://shop.example/p/${ts % 37}`, value: ts % 3 === 0 ? null : ts % 1000 };
}
const range = (prefix: string, count: number, from = 0): StoredEvent[] => Array.from({ length: count }, (_, i) => event(`${prefix}${from + i}`, T0 + from + i));

/** Hands `events` to a bulk append in pieces of `piece`, as an importer does, and finishes. */
async function importAll(store: DuckDbStore, events: readonly StoredEvent[], piece = 1_000, onStored?: (n: number) => void): Promise<void> {
  const bulk = store.openBulkAppend({ batchSize: BATCH, ...(onStored ? { onStored } : {}) });
  try {
    for (let i = 0; i < events.length; i += piece) await bulk.add(events.slice(i, i + piece));
    await bulk.finish();
  } catch (err) {
    await bulk.abort();
    throw err;
  }
}

let dir: string;
let store: DuckDbStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-bulk-'));
  store = await openDuckDbStore(path.join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('DuckDbStore.openBulkAppend', () => {
  it('stores every event once with its values, in whole batches, the later ones beside the commit ahead', async () => {
    // A stored event in the first batch's span loads the stored-key set: then new batches need
    // no query and are appended beside the commit ahead.
    await store.append([event('seed', T0 + 5)], null);
    const all = range('e', 100_000);
    const progress: number[] = [];
    await importAll(store, all, 1_000, (n) => progress.push(n));
    expect(progress).toEqual([BATCH, 2 * BATCH, 3 * BATCH, 4 * BATCH, 100_000]);
    expect(store.appendedBeside).toBeGreaterThanOrEqual(2);
    const check = await store.connection().runAndReadAll(
      "SELECT count(*), count(DISTINCT id), sum(value), count(DISTINCT url), epoch_ms(min(ts)), epoch_ms(max(ts)) FROM events WHERE id LIKE 'e%'",
    );
    const sum = all.reduce((total, e) => total + (e.value ?? 0), 0);
    expect(check.getRowsJS()).toEqual([[100_000n, 100_000n, sum, 37n, BigInt(T0), BigInt(T0 + 99_999)]]);
  });

  it('keeps the first of an event repeated inside a batch, across two pieces', async () => {
    await importAll(store, [event('a', T0, 'first'), event('b', T0 + 1), event('a', T0, 'retry')], 2);
    const rows = await store.connection().runAndReadAll('SELECT id, name FROM events ORDER BY id');
    expect(rows.getRowsJS()).toEqual([
      ['a', 'first'],
      ['b', 'page_view'],
    ]);
  });

  it('a re-import stores nothing twice: all stored, many stored, or a few stored among new ones', async () => {
    const first = range('e', 30_000);
    await importAll(store, first);
    // The same again: every key stored (the whole-span probe).
    await importAll(store, first);
    expect(await store.countEvents()).toBe(30_000);
    // Half of it again plus new events in the same batches.
    await importAll(store, [...first.slice(15_000), ...range('n', 20_000, 40_000)]);
    expect(await store.countEvents()).toBe(50_000);
    // Ten stored events among 30,000 new ones: checked one ts at a time (the equality scans).
    const few = [...range('e', 10, 100), ...range('m', 30_000, 60_000)];
    await importAll(store, few);
    const counts = await store.connection().runAndReadAll('SELECT count(*), count(DISTINCT id) FROM events');
    expect(counts.getRowsJS()).toEqual([[80_000n, 80_000n]]);
  });

  it('an event without a valid ts stops the import naming it; its batch is not stored, the store goes on', async () => {
    const events = range('e', 3_000);
    (events[2_500] as { ts: unknown }).ts = 'yesterday';
    await expect(importAll(store, events)).rejects.toThrow('Event e2500 has no valid ts (yesterday)');
    expect(await store.countEvents()).toBe(0);
    await importAll(store, range('ok', 10));
    expect(await store.countEvents()).toBe(10);
  });
});

describe('openBulkAppend', () => {
  const builder = (): BulkBatchBuilder =>
    new BulkBatchBuilder(new ChunkPool(EVENT_CHUNK_COLUMNS as ChunkColumn<unknown>[]), new ChunkPool(KEY_CHUNK_COLUMNS as ChunkColumn<unknown>[]));

  it('writes exactly batchSize rows a batch, in order, with at most two writes in flight', async () => {
    const written: number[] = [];
    let inFlight = 0;
    let most = 0;
    const bulk = openBulkAppend(
      builder(),
      async (built) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        written.push(built.count);
        inFlight--;
      },
      undefined,
      4_096,
    );
    const events = range('e', 20_000);
    for (let i = 0; i < events.length; i += 3_000) await bulk.add(events.slice(i, i + 3_000));
    await bulk.finish();
    expect(written).toEqual([4_096, 4_096, 4_096, 4_096, 3_616]);
    expect(most).toBe(2);
    expect(bulk.stored).toBe(20_000);
  });

  it('a piece with a bad ts is refused whole, even the part that would complete a batch', async () => {
    const written: number[] = [];
    const bulk = openBulkAppend(builder(), async (built) => void written.push(built.count), undefined, 4_096);
    await bulk.add(range('a', 3_000));
    const piece = range('b', 3_000);
    (piece[2_000] as { ts: unknown }).ts = Number.NaN;
    await expect(bulk.add(piece)).rejects.toThrow('Event b2000 has no valid ts (NaN)');
    await bulk.finish();
    expect(written).toEqual([3_000]);
  });

  it('a failed write stops the next add with its error; stored counts only what was written', async () => {
    let calls = 0;
    const bulk = openBulkAppend(
      builder(),
      async () => {
        if (++calls === 2) throw new Error('disk full');
      },
      undefined,
      2_048,
    );
    const events = range('e', 20_000);
    const attempt = (async () => {
      for (let i = 0; i < events.length; i += 1_000) await bulk.add(events.slice(i, i + 1_000));
      await bulk.finish();
    })();
    await expect(attempt).rejects.toThrow('disk full');
    await bulk.abort();
    expect(bulk.stored).toBe(2_048 * (calls - 1));
  });
});
