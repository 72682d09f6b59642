/**
 * Deletes rows and gives their space back. The store keeps DuckDB's row-group merging ("vacuum")
 * off (openStoreFile.ts, VACUUM_TASKS_OFF); partly deleted row groups are only rewritten smaller by
 * a merging checkpoint (wholly deleted ones are dropped at any checkpoint). So merging is on from
 * before the delete — a large delete checkpoints on its own commit, and a later CHECKPOINT would
 * find nothing to do — until after one CHECKPOINT. The caller runs this on the writer with no other
 * write in flight.
 *
 * The checkpoint is best effort: once the delete has committed, a caller such as
 * `import --replace` must go on to write the new events. Known gap: a read transaction that began
 * before the delete and is still open at the checkpoint (a long dashboard query) keeps DuckDB from
 * merging, and the space then stays taken until the next delete. No event is affected either way.
 * On a large table the merge rewrites many row groups at once (~150 MB of memory per few row
 * groups for a moment), which is why it is not left on for live traffic.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { VACUUM_TASKS_DEFAULT, VACUUM_TASKS_OFF } from './openStoreFile.ts';

export async function deleteAndCompact(writer: DuckDBConnection, remove: () => Promise<void>): Promise<void> {
  await writer.run(`SET max_vacuum_tasks = ${VACUUM_TASKS_DEFAULT}`);
  try {
    await remove();
    await writer.run('CHECKPOINT').catch(() => undefined);
  } finally {
    // Live checkpoints must not merge (openStoreFile.ts); a failure here surfaces on the next write.
    await writer.run(`SET max_vacuum_tasks = ${VACUUM_TASKS_OFF}`).catch(() => undefined);
  }
}
