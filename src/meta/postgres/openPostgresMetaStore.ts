/**
 * The shared metadata store in PostgreSQL (MIDGOAL_META=postgres://…), for several servers of one
 * deployment. Opening checks the connection at once, so a wrong URL fails at start with a message
 * naming host:port (never the password) instead of at the first heartbeat.
 */
import pg from 'pg';
import type { PoolClient } from 'pg';
import { byLastSeenDesc } from '../MetaStore.ts';
import type { CollectorStatus, MetaStore, StoredConfig } from '../MetaStore.ts';
import { MetaStoreError } from '../MetaStoreError.ts';
import { validateStoredYaml } from '../validateStoredYaml.ts';
import { LOCK_CONFIG_VERSION } from './advisoryLocks.ts';
import { explainPgError } from './explainPgError.ts';
import type { PgTarget } from './explainPgError.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Migration } from './migrations.ts';
import { runMigrations } from './runMigrations.ts';

export interface PostgresMetaOptions {
  /** Give up connecting after this long (default 5 s): an unreachable host must not hang start-up. */
  connectTimeoutMs?: number;
  /** Tables go in this schema (must exist) instead of the user's default; tests use one per run. */
  schema?: string;
  /** Replaces MIGRATIONS (tests). */
  migrations?: readonly Migration[];
}

interface CollectorRow {
  id: string;
  url: string;
  host: string;
  pid: number;
  started_at: Date;
  last_seen: Date;
  lag: string;
  store_error: string | null;
  version: string;
}

interface ConfigRow {
  version: string;
  yaml: string;
  note: string | null;
  created_at: Date;
}

export async function openPostgresMetaStore(url: string, target: PgTarget, opts: PostgresMetaOptions = {}): Promise<MetaStore> {
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
    throw new Error(`schema "${opts.schema}" must be a plain lower-case identifier`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    // A server that vanishes mid-query must not hang a heartbeat forever.
    query_timeout: 60_000,
    keepAlive: true,
    application_name: 'midgoal',
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle connection dropped by the server emits 'error' on the pool; without a listener Node
  // would exit. The next query opens a new connection and reports any lasting problem.
  pool.on('error', () => undefined);

  const explained = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw explainPgError(err, target);
    }
  };
  const inTransaction = <T>(work: (client: PoolClient) => Promise<T>): Promise<T> =>
    explained(async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    });

  try {
    await explained(() => pool.query('SELECT 1'));
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }

  const readConfig = async (where: string, params: unknown[]): Promise<StoredConfig | null> => {
    const res = await explained(() =>
      pool.query<ConfigRow>(`SELECT version, yaml, note, created_at FROM config_versions ${where}`, params),
    );
    const row = res.rows[0];
    return row ? toStoredConfig(row) : null;
  };

  return {
    kind: 'postgres',
    describe: target.describe,

    migrate: () => explained(() => runMigrations(pool, opts.migrations ?? MIGRATIONS)),

    async heartbeat(s) {
      await explained(() =>
        pool.query(
          `INSERT INTO collectors (id, url, host, pid, started_at, last_seen, lag, store_error, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, host = EXCLUDED.host, pid = EXCLUDED.pid,
             started_at = EXCLUDED.started_at, last_seen = EXCLUDED.last_seen, lag = EXCLUDED.lag,
             store_error = EXCLUDED.store_error, version = EXCLUDED.version`,
          [s.id, s.url, s.host, s.pid, s.startedAt, s.lastSeen, s.lag, s.storeError, s.version],
        ),
      );
    },

    async collectors() {
      const res = await explained(() =>
        pool.query<CollectorRow>(
          'SELECT id, url, host, pid, started_at, last_seen, lag, store_error, version FROM collectors ORDER BY last_seen DESC, id',
        ),
      );
      return res.rows.map(toCollector).sort(byLastSeenDesc);
    },

    latestConfig: () => readConfig('ORDER BY version DESC LIMIT 1', []),

    configVersion: (version) => readConfig('WHERE version = $1', [version]),

    pushConfig: (yaml, note) =>
      // Numbers 1, 2, 3 … without gaps (a sequence would skip on rollback): the next number is
      // taken under a lock, so two pushes at once get different ones.
      inTransaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...LOCK_CONFIG_VERSION]);
        const last = await client.query<{ v: string }>('SELECT coalesce(max(version), 0) AS v FROM config_versions');
        const version = Number(last.rows[0]?.v ?? 0) + 1;
        validateStoredYaml(yaml, version);
        const res = await client.query<ConfigRow>(
          'INSERT INTO config_versions (version, yaml, note) VALUES ($1, $2, $3) RETURNING version, yaml, note, created_at',
          [version, yaml, note],
        );
        const row = res.rows[0];
        if (!row) throw new MetaStoreError('the database stored no row for the new configuration', 'データベースに新しい設定が保存されませんでした');
        return toStoredConfig(row);
      }),

    async close() {
      await pool.end();
    },
  };
}

function toCollector(r: CollectorRow): CollectorStatus {
  return {
    id: r.id,
    url: r.url,
    host: r.host,
    pid: r.pid,
    startedAt: r.started_at.toISOString(),
    lastSeen: r.last_seen.toISOString(),
    lag: Number(r.lag),
    storeError: r.store_error,
    version: r.version,
  };
}

function toStoredConfig(r: ConfigRow): StoredConfig {
  return { version: Number(r.version), yaml: r.yaml, note: r.note, createdAt: r.created_at.toISOString() };
}
