/**
 * Gives the space of deleted rows back: one checkpoint with DuckDB's row-group merging ("vacuum")
 * on, which the store otherwise keeps off (openStoreFile.ts, VACUUM_TASKS_OFF). Runs on the writer
 * with no other write in flight (the caller serializes it), so the checkpoint has nothing to wait for.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { VACUUM_TASKS_DEFAULT, VACUUM_TASKS_OFF } from './openStoreFile.ts';

export async function compactAfterDelete(writer: DuckDBConnection): Promise<void> {
  await writer.run(`SET max_vacuum_tasks = ${VACUUM_TASKS_DEFAULT}`);
  try {
    await writer.run('CHECKPOINT');
  } finally {
    await writer.run(`SET max_vacuum_tasks = ${VACUUM_TASKS_OFF}`);
  }
}
