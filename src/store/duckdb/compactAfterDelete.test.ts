import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { compactAfterDelete } from './compactAfterDelete.ts';

const vacuumTasks = async (conn: Awaited<ReturnType<DuckDBInstance['connect']>>): Promise<unknown> =>
  (await conn.runAndReadAll("SELECT current_setting('max_vacuum_tasks')")).getRowsJS()[0]?.[0];

describe('compactAfterDelete', () => {
  it('runs one merging checkpoint and turns merging off again', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run('SET max_vacuum_tasks = 0');
    expect(await compactAfterDelete(conn)).toBe(true);
    expect(await vacuumTasks(conn)).toBe(0n);
    instance.closeSync();
  });

  it('never throws: a delete that committed must not look failed (import --replace goes on)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    conn.closeSync();
    await expect(compactAfterDelete(conn)).resolves.toBe(false);
    instance.closeSync();
  });
});
