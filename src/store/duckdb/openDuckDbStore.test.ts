import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, blankStoredEvent } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { generateRealisticEvents } from './generateRealisticEvents.ts';
import { openDuckDbStore } from './openDuckDbStore.ts';
import type { DuckDbStore } from './openDuckDbStore.ts';

const T0 = Date.UTC(2024, 0, 15, 12, 34, 56, 789); // 2024-01-15 12:34:56.789 UTC

function event(id: string, site = 'shop', ts = T0): StoredEvent {
  return blankStoredEvent({ id, site, ts, name: 'page_view', visitor: `v-${id}` });
}

async function rows(store: DuckDbStore, sql: string): Promise<unknown[][]> {
  return (await store.connection().runAndReadAll(sql)).getRowsJS();
}

/** 245,760 events = two full row groups of 122,880, sites a and b alternating in each, checkpointed. */
async function storeTwoMixedRowGroups(): Promise<void> {
  const events = generateRealisticEvents(245_760).map((e, i) => ({ ...e, site: i % 2 === 0 ? 'a' : 'b' }));
  await store.append(events, null);
  await store.connection().run('CHECKPOINT');
}

let dir: string;
let store: DuckDbStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-duckdb-'));
  store = await openDuckDbStore(path.join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('openDuckDbStore', () => {
  it('creates <data>/midgoal.duckdb and records both migrations once', async () => {
    expect(store.file).toBe(path.join(dir, 'data', 'midgoal.duckdb'));
    expect(await rows(store, 'SELECT version, name FROM schema_migrations ORDER BY version')).toEqual([
      [1, 'events'],
      [2, 'ingest_state'],
    ]);
    await store.close();
    store = await openDuckDbStore(path.join(dir, 'data'));
    expect(await rows(store, 'SELECT count(*)::INTEGER FROM schema_migrations')).toEqual([[2]]);
    expect(await store.appliedSeq()).toBe(0);
  });

  it('has the columns of EVENT_COLUMNS, in order, with the mapped types', async () => {
    const described = await rows(
      store,
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
    );
    const sqlType = { varchar: 'VARCHAR', timestamp_ms: 'TIMESTAMP', double: 'DOUBLE' } as const;
    expect(described).toEqual(EVENT_COLUMNS.map(([name, type]) => [name, sqlType[type]]));
  });

  it('stores every field: UTC milliseconds, nulls and doubles come back as written', async () => {
    const full: StoredEvent = {
      ...event('e1'),
      name: 'purchase',
      session: 's1',
      url: 'https://shop.example/checkout?x=1',
      path: '/checkout',
      channel: 'paid_search',
      utm_source: 'google',
      device: 'mobile',
      props: '{"plan":"gold"}',
      value: 1234.5,
      currency: 'JPY',
      received: T0 + 1000,
    };
    await store.append([full, event('e2')], null);
    const got = await rows(
      store,
      `SELECT id, epoch_ms(ts), strftime(ts, '%Y-%m-%d %H:%M:%S.%g'), name, session, path, channel,
              utm_source, utm_medium, device, props, value, currency, epoch_ms(received)
       FROM events ORDER BY id`,
    );
    expect(got).toEqual([
      ['e1', BigInt(T0), '2024-01-15 12:34:56.789', 'purchase', 's1', '/checkout', 'paid_search',
        'google', null, 'mobile', '{"plan":"gold"}', 1234.5, 'JPY', BigInt(T0 + 1000)],
      ['e2', BigInt(T0), '2024-01-15 12:34:56.789', 'page_view', '', null, 'direct',
        null, null, 'other', null, null, null, BigInt(T0)],
    ]);
  });

  it('records applied_seq with the rows, and leaves it alone for direct imports (null)', async () => {
    await store.append([event('a'), event('b')], 7);
    expect(await store.appliedSeq()).toBe(7);
    await store.append([event('c')], null);
    expect(await store.appliedSeq()).toBe(7);
    expect(await store.countEvents()).toBe(3);
  });

  it('the appender takes part in an explicit transaction: rolled back rows are gone', async () => {
    const conn = await store.connect();
    try {
      await conn.run('BEGIN TRANSACTION');
      const appender = await conn.createAppender('ingest_state');
      appender.appendBigInt(99n);
      appender.endRow();
      appender.closeSync();
      const inside = (await conn.runAndReadAll('SELECT count(*)::INTEGER FROM ingest_state')).getRowsJS();
      await conn.run('ROLLBACK');
      expect(inside).toEqual([[2]]);
      expect(await rows(store, 'SELECT applied_seq FROM ingest_state')).toEqual([[0n]]);
    } finally {
      conn.closeSync();
    }
  });

  it('a batch that fails half way stores nothing and keeps applied_seq (all or nothing)', async () => {
    await store.append([event('ok')], 1);
    const broken = { ...event('bad'), ts: Number.NaN };
    await expect(store.append([event('x1'), event('x2'), broken, event('x3')], 5)).rejects.toThrow();
    expect(await store.countEvents()).toBe(1);
    expect(await store.appliedSeq()).toBe(1);
    await store.append([event('y')], 6); // the connection is usable again
    expect(await store.countEvents()).toBe(2);
  });

  it('refuses times a double cannot carry in microseconds (beyond the year 2255), storing nothing', async () => {
    const far = { ...event('far'), ts: 1_700_000_000_123_457 };
    await expect(store.append([far], null)).rejects.toThrow(/no valid ts/);
    expect(await store.countEvents()).toBe(0);
  });

  it('counts and deletes per site', async () => {
    await store.append([event('1', 'a'), event('2', 'a'), event('3', 'b')], null);
    expect(await store.countEvents('a')).toBe(2);
    expect(await store.countEvents('b')).toBe(1);
    await store.deleteSiteEvents('a');
    expect(await store.countEvents()).toBe(1);
  });

  it('leaves partly filled row groups alone at a checkpoint (a merge would rewrite them all in memory)', async () => {
    const events = generateRealisticEvents(120_000);
    for (let i = 0; i < 3; i++) {
      await store.append(events.slice(i * 40_000, (i + 1) * 40_000), null);
      await store.connection().run('CHECKPOINT');
    }
    // 3 × 40,000 rows fit in one row group of 122,880: DuckDB's default merges them (into 2 here).
    expect(await rows(store, "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('events')")).toEqual([[3n]]);
    expect(await store.countEvents()).toBe(120_000);
  });

  it("gives a deleted site's space back: two mixed row groups become one, the other site's events intact", async () => {
    await storeTwoMixedRowGroups();
    const rowGroups = async (): Promise<number> => Number((await rows(store, "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('events')"))[0]?.[0]);
    const freeBlocks = async (): Promise<number> => Number((await rows(store, 'SELECT free_blocks FROM pragma_database_size()'))[0]?.[0]);
    expect(await rowGroups()).toBe(2);
    expect(await freeBlocks()).toBe(0);
    const bSum = await rows(store, "SELECT count(*), sum(hash(id)) FROM events WHERE site = 'b'");

    await store.deleteSiteEvents('a');

    expect(await rowGroups()).toBe(1);
    expect(await freeBlocks()).toBeGreaterThan(0);
    expect(await rows(store, "SELECT count(*), sum(hash(id)) FROM events WHERE site = 'b'")).toEqual(bSum);
    expect(bSum[0]?.[0]).toBe(122_880n);
  });

  it('gives the space back after a delete large enough to checkpoint on its own commit', async () => {
    await storeTwoMixedRowGroups();
    // As a delete of millions of rows would at 24MB: its commit itself checkpoints.
    await store.connection().run("SET checkpoint_threshold = '1KB'");
    await store.deleteSiteEvents('a');
    expect(await rows(store, "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('events')")).toEqual([[1n]]);
    expect(await store.countEvents('b')).toBe(122_880);
  });

  it('shares one instance inside a process: a second open sees the same data', async () => {
    const again = await openDuckDbStore(path.join(dir, 'data'));
    expect(again.instance).toBe(store.instance);
    await again.append([event('shared')], null);
    await again.close();
    expect(await store.countEvents()).toBe(1);
  });

  it('refuses a folder another process holds, naming midgoal serve (en + ja)', async () => {
    const script = path.join(dir, 'open.mts');
    const module = fileURLToPath(new URL('./openDuckDbStore.ts', import.meta.url));
    await writeFile(
      script,
      `import { openDuckDbStore } from ${JSON.stringify(module)};\n` +
        `try { await openDuckDbStore(${JSON.stringify(path.join(dir, 'data'))}); console.log('opened'); }\n` +
        `catch (e) { console.log((e as Error).message); }\n`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    });
    expect(stdout).toContain(`in use by process ${process.pid}`);
    expect(stdout).toContain('midgoal serve');
    expect(stdout).toContain('使用中');
  });
});
