/**
 * The embedded DuckDB store: one file, `<dataDir>/midgoal.duckdb`, owned by one process.
 * See DESIGN.md "One owner of the embedded store" and "Exactly-once from the log".
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import type { EventStore, FunnelQuery } from '../EventStore.ts';
import { appendEventRows } from './appendEventRows.ts';
import { applyMigrations, readMigrations } from './applyMigrations.ts';
import { describeOpenError } from './describeOpenError.ts';
import { funnelCounts } from './funnelCounts.ts';

export const DUCKDB_FILE_NAME = 'midgoal.duckdb';

export class DuckDbStore implements EventStore {
  readonly dialect = 'duckdb' as const;
  /** The process's one DuckDB instance for this file; `connect()` opens more connections. */
  readonly instance: DuckDBInstance;
  private readonly writer: DuckDBConnection;
  private readonly reader: DuckDBConnection;
  private closed = false;

  constructor(
    /** Absolute path of the database file. */
    readonly file: string,
    private readonly shared: OpenFile,
    private readonly onClose: () => void,
  ) {
    this.instance = shared.instance;
    this.writer = shared.writer;
    this.reader = shared.reader;
  }

  /** A new connection to the same database (caller closes it with `closeSync()`). */
  connect(): Promise<DuckDBConnection> {
    this.assertOpen();
    return this.instance.connect();
  }

  /** A shared connection for short reads (tests, stats); not for long or concurrent queries. */
  connection(): DuckDBConnection {
    this.assertOpen();
    return this.reader;
  }

  /**
   * Appends with the DuckDB appender inside an explicit transaction that also records `upToSeq`;
   * the appender's rows are flushed before COMMIT, so both land or neither does
   * (openDuckDbStore.test.ts rolls back an appender to prove it).
   */
  append(events: readonly StoredEvent[], upToSeq: number | null): Promise<void> {
    return this.serialize(async () => {
      if (events.length === 0 && upToSeq === null) return;
      const conn = this.writer;
      await conn.run('BEGIN TRANSACTION');
      try {
        if (events.length > 0) {
          const appender = await conn.createAppender('events');
          try {
            appendEventRows(appender, events);
            appender.flushSync();
          } finally {
            // After a failed row, clear() drops the half-built rows so close() cannot flush them.
            appender.clear();
            appender.closeSync();
          }
        }
        if (upToSeq !== null) {
          await conn.run('UPDATE ingest_state SET applied_seq = $1', [upToSeq]);
        }
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async appliedSeq(): Promise<number> {
    this.assertOpen();
    const reader = await this.reader.runAndReadAll('SELECT applied_seq FROM ingest_state');
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  }

  async countEvents(site?: string): Promise<number> {
    this.assertOpen();
    const reader =
      site === undefined
        ? await this.reader.runAndReadAll('SELECT count(*) FROM events')
        : await this.reader.runAndReadAll('SELECT count(*) FROM events WHERE site = $1', [site]);
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  }

  /** Delegates to the funnel engine on its own connection, so funnels can run side by side. */
  async funnelCounts(query: FunnelQuery): Promise<number[]> {
    const conn = await this.connect();
    try {
      return await funnelCounts(conn, query);
    } finally {
      conn.closeSync();
    }
  }

  /** Deletes one site's events (the demo's `--reset`). */
  deleteSiteEvents(site: string): Promise<void> {
    return this.serialize(async () => {
      await this.writer.run('DELETE FROM events WHERE site = $1', [site]);
    });
  }

  /** Waits for queued writes, then releases the file (and its lock) if no other opener holds it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.shared.writeQueue;
    this.onClose();
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    this.assertOpen();
    const next = this.shared.writeQueue.then(work);
    this.shared.writeQueue = next.catch(() => undefined);
    return next;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`The midgoal store ${this.file} is closed.`);
  }
}

interface OpenFile {
  instance: DuckDBInstance;
  writer: DuckDBConnection;
  reader: DuckDBConnection;
  /**
   * Writes (append, delete) run one at a time on `writer`, whichever store object asked: a
   * connection holds one transaction. Never rejects.
   */
  writeQueue: Promise<unknown>;
}

interface OpenEntry {
  opening: Promise<OpenFile>;
  /** Counted synchronously at open, so a close racing a second open cannot free a shared file. */
  users: number;
}

/**
 * One DuckDB instance per file per process: two instances on one file in one process would both
 * get the (per-process) file lock and corrupt it. Later openers share it; the last close releases it.
 */
const openFiles = new Map<string, OpenEntry>();

async function openFile(file: string): Promise<OpenFile> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file);
  } catch (err) {
    throw describeOpenError(file, err);
  }
  try {
    const writer = await instance.connect();
    await applyMigrations(writer, await readMigrations());
    const reader = await instance.connect();
    return { instance, writer, reader, writeQueue: Promise.resolve() };
  } catch (err) {
    instance.closeSync();
    throw err;
  }
}

/**
 * Opens (creating if needed) `<dataDir>/midgoal.duckdb` and brings its schema up to date.
 * Throws a bilingual "stop the other midgoal process" error when another process holds the file.
 */
export async function openDuckDbStore(dataDir: string): Promise<DuckDbStore> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, DUCKDB_FILE_NAME);
  let entry = openFiles.get(file);
  if (!entry) {
    entry = { opening: openFile(file), users: 0 };
    openFiles.set(file, entry);
  }
  const mine = entry;
  mine.users += 1;
  let opened: OpenFile;
  try {
    opened = await mine.opening;
  } catch (err) {
    mine.users -= 1;
    if (openFiles.get(file) === mine) openFiles.delete(file);
    throw err;
  }
  return new DuckDbStore(file, opened, () => {
    mine.users -= 1;
    if (mine.users > 0) return;
    if (openFiles.get(file) === mine) openFiles.delete(file);
    opened.reader.closeSync();
    opened.writer.closeSync();
    opened.instance.closeSync();
  });
}
