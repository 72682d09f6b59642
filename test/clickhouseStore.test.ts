/**
 * The ClickHouse store's own promises, against a real ClickHouse (8123): exactly once across a
 * crash between the insert and the applied-seq file (the replay writes nothing twice), also when
 * the retried event comes back under another visitor id (a cookieless visitor hashed again);
 * migrations that run once; and an aggregate step counted by hand.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankStoredEvent, type StoredEvent } from '../src/schema/storedEvent.ts';
import type { FunnelQuery } from '../src/store/EventStore.ts';
import { APPLIED_SEQ_FILE } from '../src/store/clickhouse/appliedSeqFile.ts';
import { openClickHouseStore, type ClickHouseStore } from '../src/store/clickhouse/openClickHouseStore.ts';
import { clickHouseForSuite, CLICKHOUSE_HTTP } from './helpers/storeEngines.ts';

const ready = await clickHouseForSuite('ClickHouse store');
const DATABASE = `midgoal_chs_${process.pid}_${Date.now().toString(36)}`;
const URL = `clickhouse://${CLICKHOUSE_HTTP.replace(/^http:\/\//, '')}/${DATABASE}`;
const T = Date.UTC(2026, 10, 20, 12);

const ev = (id: string, visitor: string, ms: number, name = 'page_view'): StoredEvent => blankStoredEvent({ id, site: 's', ts: T + ms, name, visitor });

describe.skipIf(!ready)('ClickHouse store', () => {
  let dir: string;
  let store: ClickHouseStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'midgoal-chs-'));
    store = openClickHouseStore(URL, { dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    await fetch(`${CLICKHOUSE_HTTP}/`, { method: 'POST', body: `DROP DATABASE IF EXISTS ${DATABASE}` }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('applies its numbered migrations once', async () => {
    expect(await store.migrate()).toEqual(['001_events on http://127.0.0.1:8123', '002_event_ids on http://127.0.0.1:8123']);
    const again = openClickHouseStore(URL, { dataDir: null });
    expect(await again.migrate()).toEqual([]);
    await again.close();
  });

  it('a replay after a crash between the insert and the applied-seq file stores nothing twice', async () => {
    const batch = [ev('a1', 'v1', 0), ev('a2', 'v1', 1_500), ev('a3', 'v2', 999.6)];
    await store.append(batch, 3);
    expect(await store.appliedSeq()).toBe(3);
    // The crash: ClickHouse has the rows, the file still says 0.
    await writeFile(path.join(dir, APPLIED_SEQ_FILE), JSON.stringify({ appliedSeq: 0 }));
    const restarted = openClickHouseStore(URL, { dataDir: dir });
    expect(await restarted.appliedSeq()).toBe(0);
    await restarted.append(batch, 3);
    expect(await restarted.countEvents('s')).toBe(3);
    expect(await restarted.appliedSeq()).toBe(3);
    await restarted.close();
  });

  it('the same id and time under another visitor id is the same event; another time is not', async () => {
    await store.append([ev('a1', 'someone-else', 0)], null);
    expect(await store.countEvents('s')).toBe(3);
    await store.append([ev('a1', 'v1', 1)], null);
    expect(await store.countEvents('s')).toBe(4);
  });

  it('evaluates a session aggregate step ("3 page views in the session") by hand-checkable counts', async () => {
    // v3: three page views in one session, then a purchase → level 3; v4: two page views → level 1.
    await store.append(
      [ev('p1', 'v3', 10_000), ev('p2', 'v3', 20_000), ev('p3', 'v3', 30_000), ev('p4', 'v3', 40_000, 'purchase'), ev('q1', 'v4', 10_000), ev('q2', 'v4', 20_000)],
      null,
    );
    const query: FunnelQuery = {
      site: 's',
      steps: [{ event: 'page_view' }, { aggregate: { scope: 'session', count: { event: 'page_view' }, gte: 3 } }, { event: 'purchase' }],
      windowSeconds: 3_600,
      from: T + 5_000,
    };
    expect(await store.funnelCounts(query)).toEqual([2, 1, 1]);
  });
});
