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
import { memoryLimitSql } from './memoryLimit.ts';

/**
 * WAL size that triggers a checkpoint. DuckDB's default, 16MB, is about 60k events of shop traffic.
 * A larger threshold means fewer, cheaper-per-event checkpoints (at 64MB the appends plus a final
 * CHECKPOINT ran ~40% faster than at 16MB, measureAppend.ts), but more uncheckpointed rows held in
 * memory (~2 MB of DuckDB memory per MB of WAL) and more WAL to replay after a crash. Bulk
 * batches skip the WAL (createEventInserter.ts BULK_BATCH), so this only paces live traffic.
 * 24MB: with vacuum off (below), paired runs of the collector bench peaked lower at 24MB than at
 * 16MB or 32MB (docs/BENCH.md, "Server memory").
 */
const CHECKPOINT_THRESHOLD = '24MB';

/**
 * DuckDB's default (100) lets a checkpoint merge partly filled row groups (each live checkpoint
 * leaves one) into fewer full ones. Such a merge decompresses and rewrites several row groups at
 * once: ~150 MB of DuckDB memory for a second under the collector bench, and more as the table
 * grows. Off for the server's steady writes; a delete turns it on until one checkpoint has run
 * (deleteAndCompact.ts), as partly deleted row groups are only given back by a merge.
 */
export const VACUUM_TASKS_OFF = 0;
export const VACUUM_TASKS_DEFAULT = 100;

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

export interface OpenFileOptions {
  /** DuckDB's memory_limit in bytes (memoryLimit.ts); undefined keeps DuckDB's default. */
  memoryLimit?: number | undefined;
}

export async function openFile(file: string, options: OpenFileOptions = {}): Promise<OpenFile> {
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
    await writer.run(`SET max_vacuum_tasks = ${VACUUM_TASKS_OFF}`);
    if (options.memoryLimit !== undefined) await writer.run(memoryLimitSql(options.memoryLimit));
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

