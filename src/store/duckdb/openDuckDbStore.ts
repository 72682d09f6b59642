/**
 * The embedded DuckDB store: one file, `<dataDir>/midgoal.duckdb`, owned by one process.
 * See DESIGN.md "One owner of the embedded store" and "Exactly-once from the log".
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import type { EventStore, FunnelQuery, FunnelUnit } from '../EventStore.ts';
import type { PreparedBatch } from './createEventInserter.ts';
import type { BuiltBatch } from './BulkBatchBuilder.ts';
import { openBulkAppend } from './openBulkAppend.ts';
import type { BulkAppend } from './openBulkAppend.ts';
import { deleteAndCompact } from './deleteAndCompact.ts';
import { openFile, openFiles } from './openStoreFile.ts';
import type { OpenFile, OpenFileOptions } from './openStoreFile.ts';
import { funnelCounts } from './funnelCounts.ts';
import { funnelUnits } from './funnelUnits.ts';
import { FunnelColumnCache } from './columnCache/FunnelColumnCache.ts';
import { breakdownCountsFromUnits, bucketCountsFromUnits } from '../funnelGroupCounts.ts';

export const DUCKDB_FILE_NAME = 'midgoal.duckdb';

export class DuckDbStore implements EventStore {
  readonly dialect = 'duckdb' as const;
  /** The process's one DuckDB instance for this file; `connect()` opens more connections. */
  readonly instance: DuckDBInstance;
  private readonly writer: DuckDBConnection;
  private readonly reader: DuckDBConnection;
  private closed = false;
  /**
   * In-memory copies of sites' events that answer the common funnels without a table scan
   * (columnCache/FunnelColumnCache.ts); queries it cannot answer exactly take the SQL path.
   */
  readonly funnelCache: FunnelColumnCache;

  constructor(
    /** Absolute path of the database file. */
    readonly file: string,
    private readonly shared: OpenFile,
    private readonly onClose: () => void,
  ) {
    this.instance = shared.instance;
    this.writer = shared.writer;
    this.reader = shared.reader;
    this.funnelCache = new FunnelColumnCache(() => this.instance.connect(), undefined, () => this.shared.writes);
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
   * Inserts the events not stored yet (createEventInserter.ts: same site, id and ts means the same
   * event) and records `upToSeq`, in one transaction: both land or neither does. Resolves once
   * committed; writes commit in the order they were called.
   */
  append(events: readonly StoredEvent[], upToSeq: number | null): Promise<void> {
    if (events.length === 0 && upToSeq === null) return Promise.resolve();
    // Bulk writers (no log position) get their batch built ahead; the log writer's batches, which
    // can be large, are built slice by slice as appended (less memory held by the server).
    return this.write(() => this.shared.inserter.prepare(events, { prebuild: upToSeq === null }), upToSeq);
  }

  /**
   * Writes a batch built piece by piece (BulkBatchBuilder.ts; see openBulkAppend) like a bulk
   * `append`: the events not stored yet, committed in call order. Takes the batch's chunks.
   */
  appendBuilt(built: BuiltBatch): Promise<void> {
    if (this.closed) this.shared.inserter.releaseBuilt(built);
    return this.write(() => this.shared.inserter.prepareBuilt(built), null);
  }

  /**
   * An import into this store that hands events over piece by piece (openBulkAppend.ts): each
   * piece is built into data chunks at once and written in whole row groups, two batches in flight.
   */
  openBulkAppend(options: { onStored?: (events: number) => void; batchSize?: number } = {}): BulkAppend {
    this.assertOpen();
    return openBulkAppend(this.shared.inserter.createBatchBuilder(), (built) => this.appendBuilt(built), options.onStored, options.batchSize);
  }

  /** Queues a write: `prepare` runs once the write ahead has sent its COMMIT; see append. */
  private write(prepare: () => Promise<PreparedBatch>, upToSeq: number | null): Promise<void> {
    try {
      this.assertOpen();
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const shared = this.shared;
    // The write ahead has sent its COMMIT (or ended) / has ended.
    const reached = shared.writeQueue;
    const aheadDone = shared.lastDone;
    let committing!: () => void;
    shared.writeQueue = new Promise<void>((resolve) => (committing = resolve));
    // Built while the write ahead commits on DuckDB's thread (an importer keeps one write waiting
    // behind the one in progress). Not earlier: building while the batch ahead still appends
    // would only delay that batch's commit.
    const preparing = reached.then(prepare);
    // Awaited below; a failure before its turn must not count as unhandled.
    preparing.catch(() => undefined);
    const done = (async () => {
      try {
        await reached;
        const prepared = await preparing;
        if (upToSeq === null && shared.inserter.claimNew(prepared)) await this.appendBeside(prepared, aheadDone, committing);
        else {
          await aheadDone;
          await this.appendInOrder(prepared, upToSeq, committing);
        }
      } finally {
        committing();
      }
    })();
    // Ended means this write and every write ahead: one that fails early (before it waits for
    // the write ahead) must still hold back the writes behind it, a delete and close().
    shared.lastDone = Promise.allSettled([aheadDone, done]);
    return done;
  }

  /**
   * Marks `conn` in use by the calling write; resolves (with the function that frees it) once the
   * write that used it before has ended. Normally it has (the writes ahead are done or on the other
   * writer); after a failure out of order it may not have, and a connection holds one transaction.
   */
  private async takeWriter(conn: DuckDBConnection): Promise<() => void> {
    const before = this.shared.busy.get(conn);
    let free!: () => void;
    this.shared.busy.set(conn, new Promise<void>((resolve) => (free = resolve)));
    await before;
    return free;
  }

  /**
   * A bulk batch whose keys the store certainly does not hold (claimNew): appended in its own
   * transaction on the writer connection the batch ahead did not use, while that batch still
   * commits, so DuckDB's commit and the next batch's appends overlap. Commits stay in order: this
   * one is sent once the batch ahead has ended. Only bulk imports (no ingest log position) take
   * this path; the batch ahead's commit still checkpoints, as it starts before this transaction.
   */
  private async appendBeside(prepared: PreparedBatch, aheadDone: Promise<unknown>, committing: () => void): Promise<void> {
    const shared = this.shared;
    const conn = shared.lastWriter === shared.writer ? shared.bulkWriter : shared.writer;
    await this.transaction(conn, prepared, committing, async () => {
      await shared.inserter.appendClaimed(prepared, conn);
      await aheadDone;
    });
    shared.appendedBeside += 1;
  }

  /**
   * Inserts the events not stored yet (createEventInserter.ts: same site, id and ts means the same
   * event) and records `upToSeq`, in one transaction: both land or neither does.
   */
  private async appendInOrder(prepared: PreparedBatch, upToSeq: number | null, committing: () => void): Promise<void> {
    const conn = this.shared.writer;
    await this.transaction(conn, prepared, committing, async () => {
      await this.shared.inserter.insertPrepared(prepared);
      if (upToSeq !== null) await conn.run('UPDATE ingest_state SET applied_seq = $1', [upToSeq]);
    });
  }

  /**
   * Runs `body` in a transaction on the writer `conn` and commits, calling `committing` as the
   * COMMIT is sent. On a failure: rolls back and forgets the stored-key set (the batch's keys went
   * into it before the commit); a batch that never began gives its chunks back.
   */
  private async transaction(conn: DuckDBConnection, prepared: PreparedBatch, committing: () => void, body: () => Promise<void>): Promise<void> {
    const shared = this.shared;
    shared.lastWriter = conn;
    const free = await this.takeWriter(conn);
    try {
      try {
        await conn.run('BEGIN TRANSACTION');
      } catch (err) {
        shared.inserter.release(prepared);
        shared.inserter.invalidate();
        throw err;
      }
      try {
        await body();
        const commit = conn.run('COMMIT');
        committing();
        await commit;
        shared.writes += 1;
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        shared.inserter.invalidate();
        throw err;
      }
    } finally {
      free();
    }
  }

  /** Batches this file's stores appended beside the commit of the batch ahead (appendBeside). */
  get appendedBeside(): number {
    return this.shared.appendedBeside;
  }

  /** The embedded store migrates when it opens: this reports what that applied. */
  migrate(): Promise<string[]> {
    this.assertOpen();
    return Promise.resolve([...this.shared.appliedAtOpen]);
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

  /**
   * From the funnel cache when it can answer (same counts by construction and by test), else the
   * SQL engine on its own connection, so funnels can run side by side.
   */
  async funnelCounts(query: FunnelQuery): Promise<number[]> {
    this.assertOpen();
    const cached = await this.funnelCache.funnelCounts(query);
    if (cached) return cached;
    const conn = await this.connect();
    try {
      return await funnelCounts(conn, query);
    } finally {
      conn.closeSync();
    }
  }

  /** Same engine, one callback per unit (see funnelUnits.ts); its own connection, like funnelCounts. */
  async funnelUnits(query: FunnelQuery, onUnit: (unit: FunnelUnit) => void): Promise<void> {
    this.assertOpen();
    if (await this.funnelCache.funnelUnits(query, onUnit)) return;
    const conn = await this.connect();
    try {
      await funnelUnits(conn, query, onUnit);
    } finally {
      conn.closeSync();
    }
  }

  /** From the funnel cache without one object per unit when it can answer, else folded from funnelUnits (SQL). */
  async funnelBreakdownCounts(query: FunnelQuery): Promise<Map<string | null, number[]>> {
    this.assertOpen();
    return (await this.funnelCache.funnelBreakdownCounts(query)) ?? breakdownCountsFromUnits(this, query);
  }

  /** Like funnelBreakdownCounts, grouped by `bucketOf(first step's second)`. */
  async funnelBucketCounts(query: FunnelQuery, bucketOf: (firstStepSeconds: number) => number): Promise<Map<number, number[]>> {
    this.assertOpen();
    return (await this.funnelCache.funnelBucketCounts(query, bucketOf)) ?? bucketCountsFromUnits(this, query, bucketOf);
  }

  /** Deletes one site's events (the demo's `--reset`, `import --replace`) and gives their space back. */
  deleteSiteEvents(site: string): Promise<void> {
    return this.serialize(() =>
      deleteAndCompact(this.writer, async () => {
        await this.writer.run('DELETE FROM events WHERE site = $1', [site]);
        this.shared.inserter.invalidate();
        this.shared.writes += 1;
        // Row ids are no longer a high-water mark once rows are gone: copies start over.
        this.funnelCache.clear();
      }),
    );
  }

  /** Waits for queued writes, then releases the file (and its lock) if no other opener holds it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.shared.writeQueue, this.shared.lastDone]);
    await this.funnelCache.idle();
    this.onClose();
  }

  /** Runs `work` on the writer once every write before it has ended, and before any after it. */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    this.assertOpen();
    const next = Promise.all([this.shared.writeQueue, this.shared.lastDone]).then(async () => {
      this.shared.lastWriter = this.shared.writer;
      const free = await this.takeWriter(this.shared.writer);
      try {
        return await work();
      } finally {
        free();
      }
    });
    this.shared.writeQueue = this.shared.lastDone = next.catch(() => undefined);
    return next;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`The midgoal store ${this.file} is closed.`);
  }
}

/**
 * Opens (creating if needed) `<dataDir>/midgoal.duckdb` and brings its schema up to date.
 * Throws a bilingual "stop the other midgoal process" error when another process holds the file.
 * `options` apply when this call opens the file; a later opener in the same process shares it as is.
 */
export async function openDuckDbStore(dataDir: string, options: OpenFileOptions = {}): Promise<DuckDbStore> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, DUCKDB_FILE_NAME);
  let entry = openFiles.get(file);
  if (!entry) {
    entry = { opening: openFile(file, options), users: 0 };
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
    opened.hasher.closeSync();
    opened.bulkWriter.closeSync();
    opened.writer.closeSync();
    opened.instance.closeSync();
  });
}
