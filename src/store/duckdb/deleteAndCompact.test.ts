import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { deleteAndCompact } from './deleteAndCompact.ts';

const vacuumTasks = async (conn: DuckDBConnection): Promise<unknown> =>
  (await conn.runAndReadAll("SELECT current_setting('max_vacuum_tasks')")).getRowsJS()[0]?.[0];

describe('deleteAndCompact', () => {
  it('deletes with merging on and turns merging off again', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run('SET max_vacuum_tasks = 0');
    let seen: unknown;
    await deleteAndCompact(conn, async () => {
      seen = await vacuumTasks(conn);
    });
    expect(seen).toBe(100n);
    expect(await vacuumTasks(conn)).toBe(0n);
    instance.closeSync();
  });

  it("passes the delete's own failure on, with merging off again", async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run('SET max_vacuum_tasks = 0');
    await expect(deleteAndCompact(conn, () => conn.run('DELETE FROM missing').then(() => undefined))).rejects.toThrow(/missing/);
    expect(await vacuumTasks(conn)).toBe(0n);
    instance.closeSync();
  });

  it('does not fail a delete that committed when the checkpoint cannot run (import --replace goes on)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    let deleted = false;
    await expect(
      deleteAndCompact(conn, async () => {
        deleted = true;
        conn.closeSync(); // the CHECKPOINT and the reset after it now fail
      }),
    ).resolves.toBeUndefined();
    expect(deleted).toBe(true);
    instance.closeSync();
  });
});
