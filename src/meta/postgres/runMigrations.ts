/**
 * Applies the migrations a database lacks, in one transaction under an advisory lock: when several
 * servers start at once, one applies and the others wait, then find nothing left to do. DDL is
 * transactional in PostgreSQL, so a failing step leaves the schema as it was.
 */
import type { Pool } from 'pg';
import { LOCK_MIGRATE } from './advisoryLocks.ts';
import type { Migration } from './migrations.ts';
import { MetaStoreError } from '../MetaStoreError.ts';

export async function runMigrations(pool: Pool, migrations: readonly Migration[]): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...LOCK_MIGRATE]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS midgoal_schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const done = await client.query<{ version: number }>('SELECT version FROM midgoal_schema_migrations');
    const applied = new Set(done.rows.map((r) => r.version));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newer = [...applied].filter((v) => v > known);
    if (newer.length > 0) {
      throw new MetaStoreError(
        `the metadata database has migration ${Math.max(...newer)} applied, newer than this midgoal knows (${known}); upgrade midgoal on this server.`,
        `メタデータのデータベースには、この midgoal が知らない新しいマイグレーション ${Math.max(...newer)} が適用されています（この版は ${known} まで）。このサーバーの midgoal を更新してください。`,
      );
    }
    const names: string[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO midgoal_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      names.push(m.name);
    }
    await client.query('COMMIT');
    return names;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
