import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankStoredEvent } from '../schema/storedEvent.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { EventStore } from '../store/EventStore.ts';
import { openDuckDbStore } from '../store/duckdb/openDuckDbStore.ts';
import type { DuckDbStore } from '../store/duckdb/openDuckDbStore.ts';
import { openIngestLog } from './openIngestLog.ts';
import type { IngestLog } from './openIngestLog.ts';
import { startLogWriter } from './startLogWriter.ts';

function events(from: number, count: number): StoredEvent[] {
  return Array.from({ length: count }, (_, i) =>
    blankStoredEvent({ id: `e${from + i}`, site: 'shop', ts: 1_700_000_000_000 + from + i, name: 'page_view', visitor: 'v1' }),
  );
}

async function distinctAndTotal(store: DuckDbStore): Promise<[number, number]> {
  const rows = (await store.connection().runAndReadAll('SELECT count(DISTINCT id)::INTEGER, count(*)::INTEGER FROM events')).getRowsJS();
  return [Number(rows[0]?.[0]), Number(rows[0]?.[1])];
}

async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A store whose first `failures` appends fail, as a process dying before COMMIT would. */
function failingFirst(store: EventStore, failures: number): EventStore {
  let left = failures;
  return {
    dialect: store.dialect,
    append: (batch, upToSeq) => (left-- > 0 ? Promise.reject(new Error('simulated crash before commit')) : store.append(batch, upToSeq)),
    appliedSeq: () => store.appliedSeq(),
    funnelCounts: (q) => store.funnelCounts(q),
    funnelUnits: (q, onUnit) => store.funnelUnits(q, onUnit),
    countEvents: (site) => store.countEvents(site),
    deleteSiteEvents: (site) => store.deleteSiteEvents(site),
    migrate: () => store.migrate(),
    close: () => store.close(),
  };
}

let dir: string;
let log: IngestLog;
let store: DuckDbStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-writer-'));
  store = await openDuckDbStore(dir);
  log = await openIngestLog(dir);
});
afterEach(async () => {
  await log.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('startLogWriter', () => {
  it('flush() brings everything appended so far into the store with its seq', async () => {
    const writer = await startLogWriter(log, store);
    await log.append(events(1, 3));
    await log.append(events(4, 2));
    await writer.flush();
    expect(await store.countEvents()).toBe(5);
    expect(await store.appliedSeq()).toBe(5);
    expect(writer.lag()).toBe(0);
    await writer.stop();
  });

  it('writes on size without waiting for the timer, and the rest at stop', async () => {
    const writer = await startLogWriter(log, store, { batchSize: 100, intervalMs: 60_000 });
    await log.append(events(1, 100));
    await until(async () => (await store.countEvents()) === 100);
    await log.append(events(101, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(await store.countEvents()).toBe(100); // 50 < batch size, timer far away
    expect(writer.lag()).toBe(50);
    await writer.stop();
    expect(await store.countEvents()).toBe(150);
    expect(writer.stats()).toMatchObject({ appliedSeq: 150, batches: 2, events: 150 });
  });

  it('writes a small batch once the timer fires', async () => {
    const writer = await startLogWriter(log, store, { intervalMs: 50 });
    await log.append(events(1, 10));
    await until(async () => (await store.countEvents()) === 10);
    await writer.stop();
  });

  it('after a crash before commit, a restart replays exactly the missing records', async () => {
    const first = await startLogWriter(log, store);
    await log.append(events(1, 10));
    await first.flush();
    await first.stop();

    // Records 11–15 are durable, then the store write dies before COMMIT.
    const crashing = await startLogWriter(log, failingFirst(store, 100), { retryMs: 60_000, onError: () => {} });
    await log.append(events(11, 5));
    await expect(crashing.flush()).rejects.toThrow(/simulated crash/);
    await crashing.stop();
    expect(await store.appliedSeq()).toBe(10);
    await log.close();

    // Restart: a fresh log instance reads 11–15 back from disk and applies them once.
    log = await openIngestLog(dir);
    const replay = await startLogWriter(log, store);
    await replay.flush();
    expect(await distinctAndTotal(store)).toEqual([15, 15]);
    expect(await store.appliedSeq()).toBe(15);
    expect(log.stats().diskReads).toBeGreaterThan(0);
    await replay.stop();

    // And a clean restart replays nothing.
    await log.close();
    log = await openIngestLog(dir);
    const idle = await startLogWriter(log, store);
    await idle.flush();
    expect(await distinctAndTotal(store)).toEqual([15, 15]);
    expect(idle.stats().events).toBe(0);
    await idle.stop();
  });

  it('retries a failed store write without duplicating', async () => {
    const errors: string[] = [];
    const writer = await startLogWriter(log, failingFirst(store, 2), { retryMs: 10, onError: (e) => errors.push(e.message) });
    await log.append(events(1, 7));
    await expect(writer.flush()).rejects.toThrow(/They stay in the ingest log and are retried/);
    await until(async () => (await store.countEvents()) === 7);
    await writer.flush();
    expect(await distinctAndTotal(store)).toEqual([7, 7]);
    expect(errors).toHaveLength(2);
    await writer.stop();
  });

  it('deletes segments once applied, keeping the active one', async () => {
    await log.close();
    log = await openIngestLog(dir, { segmentBytes: 1000 });
    const writer = await startLogWriter(log, store, { batchSize: 1000, intervalMs: 60_000 });
    for (let n = 1; n <= 20; n++) await log.append(events(n, 1));
    expect(log.stats().segments).toBeGreaterThan(3);
    await writer.flush();
    expect(log.stats().segments).toBe(1);
    expect(await store.countEvents()).toBe(20);
    await writer.stop();
  });

  it('continues the seq after the store when the log folder was lost', async () => {
    const writer = await startLogWriter(log, store);
    await log.append(events(1, 4));
    await writer.stop();
    await log.close();
    await rm(path.join(dir, 'log'), { recursive: true });

    log = await openIngestLog(dir);
    const again = await startLogWriter(log, store);
    await log.append(events(5, 1));
    expect(log.lastSeq).toBe(5); // not 1, which the store would take for already applied
    await again.flush();
    expect(await store.countEvents()).toBe(5);
    await again.stop();
  });
});
