/** Appending to a table inside the open transaction of a connection, through DuckDB's appender. */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { appendBuiltChunks, buildChunkRange } from './appendEventChunks.ts';
import type { ChunkColumn, ChunkPool } from './appendEventChunks.ts';
import { LAZY_SLICE } from './bulkBatchSizes.ts';

/**
 * Runs `fill` on a fresh appender for `table` (in catalog `catalog`, null: the database) on `on`,
 * then flushes the rows into the open transaction.
 */
export async function withAppender(on: DuckDBConnection, table: string, catalog: string | null, fill: (appender: DuckDBAppender) => void): Promise<void> {
  const appender: DuckDBAppender = await on.createAppender(table, 'main', catalog);
  try {
    fill(appender);
    appender.flushSync();
  } finally {
    // After a failure, clear() drops the rows not flushed yet so close() cannot flush them.
    appender.clear();
    appender.closeSync();
  }
}

/**
 * Builds `rows` a slice of chunks at a time (taken from and given back to `pool`) and appends them:
 * only a slice's chunks are held, whatever the number of rows.
 */
export function appendInSlices<T>(
  on: DuckDBConnection,
  table: string,
  catalog: string | null,
  rows: readonly T[],
  columns: readonly ChunkColumn<T>[],
  describe: (row: T) => string,
  pool: ChunkPool,
): Promise<void> {
  return withAppender(on, table, catalog, (appender) => {
    for (let from = 0; from < rows.length; from += LAZY_SLICE) {
      const chunks = buildChunkRange(rows, from, Math.min(rows.length, from + LAZY_SLICE), columns, describe, pool);
      try {
        appendBuiltChunks(appender, chunks);
      } finally {
        pool.give(chunks);
      }
    }
  });
}
