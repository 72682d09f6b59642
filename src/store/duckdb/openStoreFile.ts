/**
 * The process's one set of DuckDB connections per store file (openDuckDbStore.ts shares it
 * between the store objects opened on the file): the instance, the writers, the write queue.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { applyMigrations, readMigrations } from './applyMigrations.ts';
import { createEventInserter } from './createEventInserter.ts';
import type { EventInserter } from './createEventInserter.ts';
import { describeOpenError } from './describeOpenError.ts';

/**
 * WAL size that triggers a checkpoint. DuckDB's default, 16MB, is about 60k events of shop traffic,
 * half a row group (122,880 rows), so every checkpoint recompressed a partly filled row group again.
 * At 64MB the appends plus a final CHECKPOINT ran ~40% faster (measureAppend.ts, 400k events in
 * 20k batches). The price: up to 64MB of WAL to replay after a crash, and ~40MB more DuckDB memory
 * until a checkpoint. Now 32MB: bulk batches skip the WAL (createEventInserter.ts BULK_BATCH), so
 * this only paces live traffic, where the uncheckpointed rows (~90MB of DuckDB memory at 64MB)
 * were the largest part of the server's peak RSS; at 32MB it was ~25MB lower under the collector
 * bench (docs/BENCH.md, "Server memory"). 24MB was worse in one measurement (a checkpoint that
 * completed a row group at its fullest), so re-measure before changing it.
 */
const CHECKPOINT_THRESHOLD = '32MB';

export interface OpenFile {
  instance: DuckDBInstance;
  writer: DuckDBConnection;
  /** The write path on `writer` (its temp tables and prepared statements). */
  inserter: EventInserter;
  /** The inserter's second connection, where it hashes batch keys (hashBatchKeys.ts). */
  hasher: DuckDBConnection;
  /** A second writer: a bulk batch appends here while the one ahead commits on `writer` (appendBeside). */
  bulkWriter: DuckDBConnection;
  /** The writer the last queued write used: the next overlapping batch takes the other one. */
  lastWriter: DuckDBConnection;
  /** Batches committed through appendBeside (the bench and tests report it). */
  appendedBeside: number;
  /** Per writer connection: resolves when the write using it has ended (takeWriter). */
  busy: Map<DuckDBConnection, Promise<void>>;
  reader: DuckDBConnection;
  /**
   * Writes (append, delete) go in the order they were asked, whichever store object asked. This
   * resolves when the last queued write has sent its COMMIT or ended (the next append starts
   * building then); `lastDone` when it has ended. Neither rejects.
   */
  writeQueue: Promise<unknown>;
  lastDone: Promise<unknown>;
  /** Migrations this process applied when it opened the file (`midgoal migrate` reports them). */
  appliedAtOpen: string[];
  /** Writes committed through this file's store objects (the funnel cache skips checks while unchanged). */
  writes: number;
}

export interface OpenEntry {
  opening: Promise<OpenFile>;
  /** Counted synchronously at open, so a close racing a second open cannot free a shared file. */
  users: number;
}

/**
 * One DuckDB instance per file per process: two instances on one file in one process would both
 * get the (per-process) file lock and corrupt it. Later openers share it; the last close releases it.
 */
export const openFiles = new Map<string, OpenEntry>();

export async function openFile(file: string): Promise<OpenFile> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file);
  } catch (err) {
    throw describeOpenError(file, err);
  }
  try {
    const writer = await instance.connect();
    const applied = await applyMigrations(writer, await readMigrations());
    await writer.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    const hasher = await instance.connect();
    const inserter = await createEventInserter(writer, hasher, CHECKPOINT_THRESHOLD);
    const reader = await instance.connect();
    const bulkWriter = await instance.connect();
    return { instance, writer, hasher, bulkWriter, lastWriter: writer, appendedBeside: 0, busy: new Map(), inserter, reader, writeQueue: Promise.resolve(), lastDone: Promise.resolve(), writes: 0, appliedAtOpen: applied.map((v) => `migration ${v} in ${file}`) };
  } catch (err) {
    instance.closeSync();
    throw err;
  }
}

