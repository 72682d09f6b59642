import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Where the numbered SQL files live; shipped with the sources (no build step). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads `NNN_name.sql` files in version order; a gap or a duplicate number is a packaging bug. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = MIGRATION_FILE.exec(file);
    if (!m) throw new Error(`Migration file ${path.join(dir, file)} must be named like 001_events.sql.`);
    const version = Number(m[1]);
    if (version !== migrations.length + 1) {
      throw new Error(`Migration ${file} is out of sequence: expected number ${migrations.length + 1} in ${dir}.`);
    }
    migrations.push({ version, name: m[2] ?? '', sql: await readFile(path.join(dir, file), 'utf8') });
  }
  return migrations;
}

/**
 * Applies the migrations the database has not seen yet, each in its own transaction together with
 * its `schema_migrations` row, so a crash mid-migration leaves either all of it or none.
 * Returns the versions applied now.
 */
export async function applyMigrations(conn: DuckDBConnection, migrations: readonly Migration[]): Promise<number[]> {
  await conn.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`,
  );
  const reader = await conn.runAndReadAll('SELECT version FROM schema_migrations');
  const done = new Set(reader.getRowsJS().map((row) => Number(row[0])));
  const newest = Math.max(0, ...done);
  const known = migrations.length;
  if (newest > known) {
    throw new Error(
      `This data folder was written by a newer midgoal (schema version ${newest}, this one knows ${known}). ` +
        'Upgrade midgoal before opening it. / このデータフォルダーは新しいバージョンの midgoal で作成されています。midgoal を更新してから開いてください。',
    );
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(m.sql);
      await conn.run('INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)', [m.version, m.name]);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK');
      throw new Error(`Migration ${m.version}_${m.name}.sql failed: ${(err as Error).message}`, { cause: err });
    }
    applied.push(m.version);
  }
  return applied;
}
