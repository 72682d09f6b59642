/**
 * Gives the space of deleted rows back: one checkpoint with DuckDB's row-group merging ("vacuum")
 * on, which the store otherwise keeps off (openStoreFile.ts, VACUUM_TASKS_OFF). Runs on the writer
 * with no other write in flight (the caller serializes it), so the checkpoint has nothing to wait for.
 *
 * Best effort: the delete has committed already, and a caller such as `import --replace` must go on
 * to write the new events. If the checkpoint fails, the space stays taken until the next delete or
 * checkpoint that merges; no event is affected.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { VACUUM_TASKS_DEFAULT, VACUUM_TASKS_OFF } from './openStoreFile.ts';

/** Resolves true when the merging checkpoint ran, false when it failed (nothing is thrown). */
export async function compactAfterDelete(writer: DuckDBConnection): Promise<boolean> {
  try {
    await writer.run(`SET max_vacuum_tasks = ${VACUUM_TASKS_DEFAULT}`);
    await writer.run('CHECKPOINT');
    return true;
  } catch {
    return false;
  } finally {
    // Live checkpoints must not merge (openStoreFile.ts); a failure here surfaces on the next write.
    await writer.run(`SET max_vacuum_tasks = ${VACUUM_TASKS_OFF}`).catch(() => undefined);
  }
}
