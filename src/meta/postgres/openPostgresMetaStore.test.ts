/**
 * The PostgreSQL metadata store against a real server (.ci/start-postgres.sh starts one on
 * 127.0.0.1:55432; MIDGOAL_TEST_POSTGRES overrides the URL). Every test works in its own schema,
 * dropped at the end, since other runs may use the same database at the same time.
 *
 * Without a PostgreSQL: fails when CI is set (CI starts one), otherwise skips with a message. The
 * connection-error tests need no server and always run.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/ConfigError.ts';
import { fakeCollectorStatus as collector } from '../fakeCollectorStatus.ts';
import type { MetaStore } from '../MetaStore.ts';
import { MetaStoreError } from '../MetaStoreError.ts';
import { openMetaStore } from '../openMetaStore.ts';
import { parseMetaUrl } from '../parseMetaUrl.ts';
import { MIGRATIONS } from './migrations.ts';
import { openPostgresMetaStore } from './openPostgresMetaStore.ts';

const URL = process.env.MIDGOAL_TEST_POSTGRES || 'postgres://postgres@127.0.0.1:55432/midgoal_test';
const HOW_TO_START = 'start one with: sudo .ci/start-postgres.sh (or set MIDGOAL_TEST_POSTGRES)';
const GOOD = 'funnels:\n  - id: mine\n    steps: [visit, purchase]\n    window: 2d\n';

async function connect(): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch {
    await client.end().catch(() => undefined);
    return null;
  }
}

const admin = await connect();
const target = (() => {
  const where = parseMetaUrl(URL);
  if (where.kind !== 'postgres') throw new Error('MIDGOAL_TEST_POSTGRES must be a postgres:// URL');
  return where;
})();

const schemas: string[] = [];
const stores: MetaStore[] = [];
/** A new empty schema for one test; dropped after the file. */
async function freshSchema(): Promise<string> {
  const schema = `meta_test_${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
  await admin?.query(`CREATE SCHEMA ${schema}`);
  schemas.push(schema);
  return schema;
}
async function open(schema: string, migrations = MIGRATIONS): Promise<MetaStore> {
  const store = await openPostgresMetaStore(URL, target, { schema, migrations });
  stores.push(store);
  return store;
}
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
  for (const schema of schemas) await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
});

if (!admin && process.env.CI) {
  describe('PostgreSQL metadata store', () => {
    it('needs a PostgreSQL in CI', () => {
      throw new Error(`No PostgreSQL answers at ${target.describe}; CI must start one. ${HOW_TO_START}`);
    });
  });
} else if (!admin) {
  console.warn(`[openPostgresMetaStore.test] SKIPPED: no PostgreSQL answers at ${target.describe}; ${HOW_TO_START}`);
}

describe.runIf(admin)('PostgreSQL metadata store', () => {
  it('is chosen for postgres:// and postgresql:// and names the server without a password', async () => {
    for (const scheme of ['postgres', 'postgresql']) {
      const meta = await openMetaStore({ url: URL.replace(/^[a-z]+:/, `${scheme}:`), dataDir: '/nonexistent' });
      stores.push(meta);
      expect(meta.kind).toBe('postgres');
      expect(meta.describe).toBe(target.describe);
    }
  });

  it('applies the migrations once; concurrent migrate() calls neither fail nor apply twice', async () => {
    const schema = await freshSchema();
    const [a, b, c] = await Promise.all([open(schema), open(schema), open(schema)]);
    const applied = await Promise.all([a.migrate(), b.migrate(), c.migrate()]);
    expect(applied.flat()).toEqual(['001_meta_tables']);
    expect(await a.migrate()).toEqual([]);
    const rows = await admin!.query(`SELECT version, name FROM ${schema}.midgoal_schema_migrations`);
    expect(rows.rows).toEqual([{ version: 1, name: '001_meta_tables' }]);
  });

  it('applies only the new steps when a migration is added later', async () => {
    const schema = await freshSchema();
    await (await open(schema)).migrate();
    const next = [...MIGRATIONS, { version: 2, name: '002_test_extra', sql: 'CREATE TABLE extra (x int)' }];
    expect(await (await open(schema, next)).migrate()).toEqual(['002_test_extra']);
    // A server that only knows migration 1 refuses a database already at 2.
    await expect((await open(schema)).migrate()).rejects.toThrow(/newer than this midgoal knows \(1\); upgrade midgoal/);
  });

  it('rolls back a failing migration completely', async () => {
    const schema = await freshSchema();
    const broken = [...MIGRATIONS, { version: 2, name: '002_broken', sql: 'CREATE TABLE half (x int); SELECT nonsense FROM nowhere' }];
    await expect((await open(schema, broken)).migrate()).rejects.toThrow();
    const tables = await admin!.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    expect(tables.rows).toEqual([]);
    expect(await (await open(schema)).migrate()).toEqual(['001_meta_tables']);
  });

  it('stores configurations as versions 1, 2, 3; concurrent pushes get distinct numbers', async () => {
    const meta = await open(await freshSchema());
    await meta.migrate();
    expect(await meta.latestConfig()).toBeNull();
    const first = await meta.pushConfig(GOOD, 'first');
    expect(first).toMatchObject({ version: 1, yaml: GOOD, note: 'first' });
    expect(Date.parse(first.createdAt)).not.toBeNaN();
    const more = await Promise.all(Array.from({ length: 6 }, (_, i) => meta.pushConfig(`${GOOD}# ${i}\n`, null)));
    expect(more.map((s) => s.version).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7]);
    expect((await meta.latestConfig())?.version).toBe(7);
    expect(await meta.configVersion(1)).toEqual(first);
    expect(await meta.configVersion(99)).toBeNull();
  });

  it('rejects bad YAML with the config error and stores nothing', async () => {
    const meta = await open(await freshSchema());
    await meta.migrate();
    await meta.pushConfig(GOOD, null);
    const err = await meta.pushConfig(GOOD.replace('2d', '7x'), 'broken').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('meta:config@2:4:5 funnels[0].window: write a duration');
    expect((await meta.latestConfig())?.version).toBe(1);
    expect((await meta.pushConfig(GOOD, null)).version).toBe(2);
  });

  it('upserts heartbeats by id and lists the most recent first', async () => {
    const meta = await open(await freshSchema());
    await meta.migrate();
    await meta.heartbeat(collector('a', '2026-11-02T10:00:00.000Z'));
    await meta.heartbeat(collector('b', '2026-11-02T10:00:05.000Z'));
    await meta.heartbeat(collector('c', '2026-11-02T09:00:00.000Z'));
    await meta.heartbeat(collector('a', '2026-11-02T10:00:10.000Z', { lag: 5_000_000_000, storeError: 'ClickHouse: timeout', pid: 7 }));
    const list = await meta.collectors();
    expect(list.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(list[0]).toEqual(collector('a', '2026-11-02T10:00:10.000Z', { lag: 5_000_000_000, storeError: 'ClickHouse: timeout', pid: 7 }));
  });

  it('says to run migrate when the tables are missing, and names a missing database', async () => {
    const meta = await open(await freshSchema());
    await expect(meta.latestConfig()).rejects.toThrow(/metadata tables are missing.*midgoal migrate/);
    const noDb = URL.replace(/\/[^/?]*(\?|$)/, '/midgoal_no_such_db$1');
    await expect(openMetaStore({ url: noDb, dataDir: '.' })).rejects.toThrow(/database does not exist.*createdb/);
  });
});

describe('PostgreSQL metadata store: connection problems (no server needed)', () => {
  it('refuses other schemes, saying what is accepted', async () => {
    for (const url of ['mysql://u:secret@h/db', 'clickhouse://h:8123/db', 'just-a-word']) {
      const err = await openMetaStore({ url, dataDir: '.' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MetaStoreError);
      expect((err as Error).message).toMatch(/postgres:\/\/user:password@host:5432\/database/);
      expect((err as Error).message).not.toContain('secret');
    }
  });

  it('names host:port, hides the password and gives up quickly when nothing listens', async () => {
    const started = Date.now();
    const err = await openMetaStore({ url: 'postgres://midgoal:hunter2@127.0.0.1:1/midgoal', dataDir: '.' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(MetaStoreError);
    expect((err as Error).message).toContain('postgres://midgoal@127.0.0.1:1/midgoal');
    expect((err as Error).message).toContain('127.0.0.1:1; check that PostgreSQL runs there');
    expect((err as Error).message).not.toContain('hunter2');
  });

  it('times out on a server that accepts the connection and never answers, instead of hanging', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const url = `postgres://midgoal:hunter2@127.0.0.1:${port}/midgoal`;
      const where = parseMetaUrl(url);
      if (where.kind !== 'postgres') throw new Error('expected postgres');
      const started = Date.now();
      const err = await openPostgresMetaStore(url, where, { connectTimeoutMs: 500 }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(err).toBeInstanceOf(MetaStoreError);
      expect((err as Error).message).toContain(`no answer from 127.0.0.1:${port} in time`);
      expect((err as Error).message).not.toContain('hunter2');
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
