/**
 * DuckDB's `hash(site, id, ts)` of a batch's keys, the key StoredKeyFilter.ts holds, computed on a
 * connection of its own: hashing does not depend on what is stored, so the next batch's keys are
 * hashed while the writer connection still appends and commits the batch before.
 */
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { KEY_HASH_SQL, uint32Column } from './StoredKeyFilter.ts';

/** The batch's keys' hashes as 32-bit halves, by position in the batch. */
export interface KeyHashes {
  hi: Uint32Array;
  lo: Uint32Array;
}

/** Appends the batch's key rows (site, id, ts, pos) to the temp table `table` on `on`. */
export type AppendKeys = (table: string, on: DuckDBConnection) => Promise<void>;

export type HashBatchKeys = (appendKeys: AppendKeys, count: number) => Promise<KeyHashes>;

const TABLE = 'midgoal_hash_keys';

/**
 * Creates the hasher's temp table on `conn`, a connection only the hasher uses. Calls run one at a
 * time (one temp table); each has the batch's keys appended (columns site, id, ts, pos: see
 * eventChunkColumns.ts KEY_CHUNK_COLUMNS) and reads the hashes inside a transaction it rolls back:
 * the rows never leave the transaction (committed and then deleted, they stayed in the temp
 * table's memory, and every later read scanned them).
 */
export async function createKeyHasher(conn: DuckDBConnection): Promise<HashBatchKeys> {
  await conn.run(`CREATE TEMP TABLE IF NOT EXISTS ${TABLE} (site VARCHAR, id VARCHAR, ts TIMESTAMP, pos DOUBLE)`);
  const select = await conn.prepare(`SELECT pos::UINTEGER AS pos, ${KEY_HASH_SQL('hash(site, id, ts)')} FROM temp.${TABLE}`);
  let queue: Promise<unknown> = Promise.resolve();

  const hash = async (appendKeys: AppendKeys, count: number): Promise<KeyHashes> => {
    await conn.run('BEGIN TRANSACTION');
    try {
      await appendKeys(TABLE, conn);
      return await readKeyHashes(select, count);
    } finally {
      await conn.run('ROLLBACK');
    }
  };

  return (appendKeys, count) => {
    const next = queue.then(() => hash(appendKeys, count));
    queue = next.catch(() => undefined);
    return next;
  };
}

/**
 * Runs `select` (pos, hash_hi, hash_lo of a keys table, see KEY_HASH_SQL) and returns the hashes by
 * position for `count` keys.
 */
export async function readKeyHashes(select: DuckDBPreparedStatement, count: number): Promise<KeyHashes> {
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  // Materialized: one native round trip, then the chunks are read synchronously.
  const result = await select.run();
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    const [pos, h, l] = [uint32Column(chunk, 0), uint32Column(chunk, 1), uint32Column(chunk, 2)];
    for (let k = 0, rows = chunk.rowCount; k < rows; k++) {
      hi[pos[k] as number] = h[k] as number;
      lo[pos[k] as number] = l[k] as number;
    }
  }
  return { hi, lo };
}
