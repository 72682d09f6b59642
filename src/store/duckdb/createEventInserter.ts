/**
 * The store's write path: a batch goes in without the events the store already holds.
 *
 * An event is "already stored" when an event with the same site, id and ts is. A retry resends the
 * same event (same id, same ts) and an importer gives a row the same id on every run, so this is
 * what "a retry with the same id is stored once" needs; comparing ts as well lets the check read
 * only stored events inside the batch's time span, which DuckDB finds from each row group's ts
 * min/max (for live traffic: the last seconds of the table).
 *
 * How a batch travels: `prepare` builds its rows into DuckDB data chunks (appendEventChunks.ts; no
 * connection needed) and has DuckDB hash its keys (site, id, ts) on a connection of their own
 * (hashBatchKeys.ts), both while the batch before may still be appending and committing. Then, in
 * the transaction, an in-memory set of the stored keys' hashes (StoredKeyFilter.ts) says which may
 * be stored: usually none, so no scan of the table at all. A few hits are checked exactly by
 * equality scans at their ts; many hits (a re-import), or no set (a very large store), take the
 * probe of the batch's whole time span (skipped when nothing is stored in the span); both join
 * the batch's keys, put in a temp table of the writer connection for the purpose. Then the new
 * events' chunks go to the table through an appender: a few native calls per column and 2,048
 * rows, not one per value. A bulk batch whose keys the set certainly lacks skips all of that
 * (`claimNew`) and is appended on whichever connection the store gives it (`appendClaimed`). The
 * log writer's batches (`prebuild: false`) are hashed and built slice by slice in the transaction.
 * An import's batches arrive already built, piece by piece (BulkBatchBuilder.ts, `prepareBuilt`),
 * without their event objects: the key chunks serve the exact checks, and the rare batch that
 * must drop some rows reads its events back from the chunks (eventsFromChunks.ts).
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBPreparedStatement, DuckDBTimestampValue } from '@duckdb/node-api';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { appendBuiltChunks, buildChunksYielding, CHUNK_ROWS, ChunkPool } from './appendEventChunks.ts';
import type { ChunkColumn } from './appendEventChunks.ts';
import { anyHashRepeats, dropRepeatedEvents } from './dropRepeatedEvents.ts';
import { micros, timeSpan } from './eventTimeSpan.ts';
import { describeEvent, EVENT_CHUNK_COLUMNS, KEY_CHUNK_COLUMNS } from './eventChunkColumns.ts';
import { createKeyHasher, readKeyHashes } from './hashBatchKeys.ts';
import type { KeyHashes } from './hashBatchKeys.ts';
import { StoredKeyFilter } from './StoredKeyFilter.ts';
import { KEYS_TABLE, MAX_CONFIRM, SQL } from './eventInserterSql.ts';
import { BulkBatchBuilder } from './BulkBatchBuilder.ts';
import { BULK_BATCH, BULK_CHECKPOINT_THRESHOLD, MAX_POOLED, POOLED } from './bulkBatchSizes.ts';
import { appendInSlices, withAppender } from './appendWithAppender.ts';
import type { BuiltBatch } from './BulkBatchBuilder.ts';
import { eventsFromChunks, keyTimesAt } from './eventsFromChunks.ts';

/** A batch built for the store: its events (repeats within it dropped) as data chunks. */
export interface PreparedBatch {
  /**
   * Null for a batch built piece by piece (prepareBuilt): its events are read back from the
   * chunks only when a check needs them (eventsOf).
   */
  events: readonly StoredEvent[] | null;
  readonly count: number;
  /** Smallest and largest ts, as query bounds. */
  readonly span: DuckDBTimestampValue[];
  /**
   * Emptied when the chunks go back to the pool (they are reused: never append them after).
   * Empty when not built ahead (`prebuild` false): the rows are built slice by slice as appended. */
  eventChunks: DuckDBDataChunk[];
  /** A batch built piece by piece keeps its key rows (site, id, ts, position) for the exact checks. */
  keyChunks: DuckDBDataChunk[];
  readonly prebuilt: boolean;
  /** DuckDB's hash of each event's key, by position; null when not built ahead (hashed in the transaction if needed). */
  readonly hashes: KeyHashes | null;
}

export interface PrepareOptions {
  /**
   * Build the rows' chunks now (default true): what lets a batch be appended the moment its turn
   * comes, at the price of holding all its chunks (~800 kB per 2,048 events). The server's log
   * writer, whose batches can be large, builds them slice by slice as it appends instead.
   */
  prebuild?: boolean;
}

export interface EventInserter {
  /**
   * Builds a batch's chunks and hashes its keys; needs no transaction and runs beside the writer
   * connection's work, so it can go on while the previous batch commits. Rejects for an event
   * without a valid ts or received time. Hand the result to `insertPrepared` (or `release` it).
   */
  prepare(events: readonly StoredEvent[], options?: PrepareOptions): Promise<PreparedBatch>;
  /** `insertNewEvents` for a prepared batch; its chunks go back to the pool either way. */
  insertPrepared(batch: PreparedBatch): Promise<number>;
  /**
   * The path without a query, for bulk batches while the batch ahead may still commit: when the
   * key set is loaded and holds none of the batch's keys, records them there and returns true;
   * the caller then appends the batch with `appendClaimed` (on any connection, in its own
   * transaction). False, and nothing recorded, when the batch needs `insertPrepared` (small
   * batch, no set, or a key that may be stored). Only sound while no write other than this
   * inserter's changed the table since the set last matched it (the store's writes all go
   * through here; a delete or a rollback calls `invalidate`).
   */
  claimNew(batch: PreparedBatch): boolean;
  /** Appends a claimed batch on `conn` (inside its transaction); its chunks go back to the pool. */
  appendClaimed(batch: PreparedBatch, conn: DuckDBConnection): Promise<number>;
  /**
   * A builder for bulk batches (BulkBatchBuilder.ts) on this inserter's chunk pools; hand what it
   * builds to `prepareBuilt`.
   */
  createBatchBuilder(): BulkBatchBuilder;
  /**
   * `prepare` for a batch built piece by piece: hashes its keys (on the hasher connection) and
   * checks for repeats within it; a batch with one is read back into events and prepared again.
   * Takes the batch's chunks (given back to the pools when the batch is inserted or released).
   */
  prepareBuilt(built: BuiltBatch): Promise<PreparedBatch>;
  /** Gives a prepared batch's chunks back without inserting it. */
  release(batch: PreparedBatch): void;
  /** Gives a built batch's chunks back without preparing it. */
  releaseBuilt(built: BuiltBatch): void;
  /**
   * Inserts the events of `events` that are not stored yet (keeping the first of any repeated
   * within the batch) and resolves to how many it inserted. Call it inside a transaction on the
   * inserter's connection: the staging rows it writes to temp tables roll back with the batch.
   */
  insertNewEvents(events: readonly StoredEvent[]): Promise<number>;
  /**
   * Forgets the stored-key filter: call after a rollback (its keys may name rows that never
   * landed) or a delete. The next batch that needs it loads it again.
   */
  invalidate(): void;
}

/**
 * Creates the temp table on `conn` and prepares the statements once. Call it outside a
 * transaction (a rolled back transaction would take the temp table with it) and keep the
 * inserter for the connection's life. `hashConn` is a second connection to the same database that
 * only the inserter uses (hashBatchKeys.ts). `checkpointThreshold` is the store's usual WAL size
 * for a checkpoint; the inserter sets it (a database-wide setting) before each batch: that value
 * for small batches, a small one for bulk batches (see BULK_BATCH).
 */
export async function createEventInserter(conn: DuckDBConnection, hashConn: DuckDBConnection, checkpointThreshold = '64MB'): Promise<EventInserter> {
  await conn.run(SQL.createKeysTable);
  const hashKeys = await createKeyHasher(hashConn);
  const anyStoredInSpan = await conn.prepare(SQL.anyStoredInSpan);
  const probe = await conn.prepare(SQL.probe);
  const clearKeys = await conn.prepare(SQL.clearKeys);
  const keyHashes = await conn.prepare(SQL.keyHashes);

  /** Runs a prepared statement and drops its bound values. */
  const run = async (statement: DuckDBPreparedStatement, values: DuckDBTimestampValue[]): Promise<void> => {
    statement.bind(values);
    try {
      await statement.run();
    } finally {
      statement.clearBindings();
    }
  };

  const eventPool = new ChunkPool(EVENT_CHUNK_COLUMNS as ChunkColumn<unknown>[]);
  const keyPool = new ChunkPool(KEY_CHUNK_COLUMNS as ChunkColumn<unknown>[]);

  /** Appends `rows` as key rows (site, id, ts, position) to the temp table `table` on `on`. */
  const appendKeys = (rows: readonly StoredEvent[], table: string, on: DuckDBConnection): Promise<void> =>
    appendInSlices(on, table, 'temp', rows, KEY_CHUNK_COLUMNS, describeEvent, keyPool);

  /** Appends a built batch's key chunks to the temp table `table` on `on`. */
  const appendKeyChunks = (chunks: readonly DuckDBDataChunk[], table: string, on: DuckDBConnection): Promise<void> =>
    withAppender(on, table, 'temp', (appender) => appendBuiltChunks(appender, chunks));

  /** Appends prebuilt chunks to events on `on`. */
  const appendChunks = (chunks: readonly DuckDBDataChunk[], on: DuckDBConnection): Promise<void> =>
    withAppender(on, 'events', null, (appender) => appendBuiltChunks(appender, chunks));

  const filter = new StoredKeyFilter(conn);
  let threshold = '';
  const setThreshold = async (value: string): Promise<void> => {
    if (value === threshold) return;
    await conn.run(`SET checkpoint_threshold = '${value}'`);
    threshold = value;
  };

  /** Positions (0-based) in `batch` of the events stored already, by the probe over the whole span. */
  const probeSpan = async (span: DuckDBTimestampValue[]): Promise<Set<number>> => {
    probe.bind(span);
    try {
      return new Set((await probe.runAndReadAll()).getRowsJS().map((row) => Number(row[0])));
    } finally {
      probe.clearBindings();
    }
  };

  /** Positions among `candidates` stored already: equality scans at their ts. */
  const confirm = async (prepared: PreparedBatch, candidates: number[]): Promise<Set<number>> => {
    const times = prepared.events === null ? keyTimesAt(prepared.keyChunks, candidates) : candidates.map((i) => Math.round((prepared.events?.[i] as StoredEvent).ts));
    const ts = [...new Set(times)].map(micros);
    const rows = (await conn.runAndReadAll(SQL.confirm(ts.length), ts)).getRowsJS();
    return new Set(rows.map((row) => Number(row[0])));
  };

  /**
   * Which of the batch's events are stored (only looked for when `anyStored`), the set told about
   * the rest, which the caller inserts.
   */
  const storedPositions = async (prepared: PreparedBatch, anyStored: boolean): Promise<Set<number>> => {
    const { span } = prepared;
    // Nothing to look for and no set to keep in step: skip loading it (a full scan).
    if (!anyStored && !filter.loaded) return new Set();
    if (!(await filter.ready())) return anyStored ? exactly(prepared, () => probeSpan(span)) : new Set();
    const n = prepared.count;
    const { hi, lo } = prepared.hashes ?? (await hashInTransaction(eventsOf(prepared)));
    let stored = new Set<number>();
    if (anyStored) {
      const candidates: number[] = [];
      for (let i = 0; i < n; i++) if (filter.mayHold(hi[i] as number, lo[i] as number)) candidates.push(i);
      if (candidates.length > MAX_CONFIRM) stored = await exactly(prepared, () => probeSpan(span));
      else if (candidates.length > 0) stored = await exactly(prepared, () => confirm(prepared, candidates));
    }
    // Every key the caller inserts goes into the set before the commit.
    if (stored.size === 0) filter.add(hi, lo, n);
    else {
      let kept = 0;
      for (let i = 0; i < n; i++) {
        if (stored.has(i)) continue;
        hi[kept] = hi[i] as number;
        lo[kept] = lo[i] as number;
        kept++;
      }
      filter.add(hi, lo, kept);
    }
    return stored;
  };

  /** The batch's key hashes from the writer's keys table, inside the batch's transaction. */
  const hashInTransaction = async (batch: readonly StoredEvent[]): Promise<KeyHashes> => {
    await appendKeys(batch, KEYS_TABLE, conn);
    try {
      return await readKeyHashes(keyHashes, batch.length);
    } finally {
      await run(clearKeys, []);
    }
  };

  /** Runs an exact check with the batch's keys in the writer's keys table (rolled back with it). */
  const exactly = async (prepared: PreparedBatch, check: () => Promise<Set<number>>): Promise<Set<number>> => {
    if (prepared.events === null) await appendKeyChunks(prepared.keyChunks, KEYS_TABLE, conn);
    else await appendKeys(prepared.events, KEYS_TABLE, conn);
    try {
      return await check();
    } finally {
      await run(clearKeys, []);
    }
  };

  /** The batch's events; a batch built piece by piece reads them back from its chunks (rare: an exact check). */
  const eventsOf = (batch: PreparedBatch): readonly StoredEvent[] => (batch.events ??= eventsFromChunks(batch.eventChunks));

  const release = (batch: PreparedBatch): void => {
    eventPool.give(batch.eventChunks);
    keyPool.give(batch.keyChunks);
    batch.eventChunks = [];
    batch.keyChunks = [];
  };

  const prepare = async (events: readonly StoredEvent[], options: PrepareOptions = {}): Promise<PreparedBatch> => {
    const span = events.length > 0 ? timeSpan(events) : [];
    if (options.prebuild === false) {
      // Built and hashed in the transaction, slice by slice: only the batch's events are held.
      eventPool.keepAtMost(POOLED);
      const batch = dropRepeatedEvents(events);
      return { events: batch, count: batch.length, span: batch === events ? span : timeSpan(batch), eventChunks: [], keyChunks: [], prebuilt: false, hashes: null };
    }
    let eventChunks: DuckDBDataChunk[] = [];
    let hashing: Promise<KeyHashes> | null = null;
    try {
      hashing = hashKeys((table, on) => appendKeys(events, table, on), events.length);
      // Awaited below; a failure while the chunks are built must not count as unhandled.
      hashing.catch(() => undefined);
      // Two bulk batches may be built ahead at once (one waiting, one being appended).
      if (events.length >= BULK_BATCH) eventPool.keepUpTo(Math.min(MAX_POOLED, 2 * Math.ceil(events.length / CHUNK_ROWS) + POOLED));
      else eventPool.keepAtMost(POOLED);
      eventChunks = await buildChunksYielding(events, EVENT_CHUNK_COLUMNS, describeEvent, eventPool);
      const hashes = await hashing;
      hashing = null;
      const batch = dropRepeatedEvents(events, hashes);
      if (batch === events) return { events, count: events.length, span, eventChunks, keyChunks: [], prebuilt: true, hashes };
      // An event twice in the batch (rare): build the batch again without the repeats.
      eventPool.give(eventChunks);
      eventChunks = [];
      return await prepare(batch, options);
    } catch (err) {
      eventPool.give(eventChunks);
      // The hasher may still be at work on these keys: let it finish before the caller goes on
      // (a close() would take its connection away).
      await hashing?.catch(() => undefined);
      throw err;
    }
  };

  const prepareBuilt = async (built: BuiltBatch): Promise<PreparedBatch> => {
    const { eventChunks, keyChunks, count, span } = built;
    let hashes: KeyHashes;
    try {
      hashes = await hashKeys((table, on) => appendKeyChunks(keyChunks, table, on), count);
    } catch (err) {
      eventPool.give(eventChunks);
      keyPool.give(keyChunks);
      throw err;
    }
    const prepared: PreparedBatch = { events: null, count, span, eventChunks, keyChunks, prebuilt: true, hashes };
    if (!anyHashRepeats(hashes, count)) return prepared;
    // An event twice in the batch (rare): read the events back and prepare them without the repeats.
    let events: readonly StoredEvent[];
    try {
      events = eventsOf(prepared);
    } finally {
      release(prepared);
    }
    return prepare(events);
  };

  /**
   * Appends `rows` (null: the whole batch) to events on `on`: the prebuilt chunks, or slice by
   * slice (a few chunks at a time).
   */
  const appendRows = async (prepared: PreparedBatch, rows: readonly StoredEvent[] | null, on: DuckDBConnection): Promise<void> => {
    if (prepared.prebuilt && rows === null) {
      await appendChunks(prepared.eventChunks, on);
      return;
    }
    const all = rows ?? eventsOf(prepared);
    eventPool.give(prepared.eventChunks);
    prepared.eventChunks = [];
    await appendInSlices(on, 'events', null, all, EVENT_CHUNK_COLUMNS, describeEvent, eventPool);
  };

  const insertPrepared = async (prepared: PreparedBatch): Promise<number> => {
    try {
      const n = prepared.count;
      if (n === 0) return 0;
      anyStoredInSpan.bind(prepared.span);
      // Nothing stored in the span (an import of new days, or server-stamped live events): nothing to look for.
      const anyStored = (await anyStoredInSpan.runAndReadAll()).currentRowCount > 0;
      anyStoredInSpan.clearBindings();
      const stored = await storedPositions(prepared, anyStored);
      // A retry or a re-import: the rows without what is stored.
      // (All of it stored, as in a re-import: no rows to read back.)
      const rows = stored.size === 0 ? null : stored.size === n ? [] : eventsOf(prepared).filter((_, i) => !stored.has(i));
      const count = rows?.length ?? n;
      await setThreshold(count >= BULK_BATCH ? BULK_CHECKPOINT_THRESHOLD : checkpointThreshold);
      await appendRows(prepared, rows, conn);
      return count;
    } finally {
      release(prepared);
    }
  };

  const claimNew = (prepared: PreparedBatch): boolean => {
    const n = prepared.count;
    // The bulk threshold must be set already: setting it runs on the writer, busy committing.
    const hashes = prepared.hashes;
    if (!hashes || n < BULK_BATCH || threshold !== BULK_CHECKPOINT_THRESHOLD) return false;
    return filter.addIfNoneHeld(hashes.hi, hashes.lo, n);
  };

  const appendClaimed = async (prepared: PreparedBatch, on: DuckDBConnection): Promise<number> => {
    try {
      await appendChunks(prepared.eventChunks, on);
      return prepared.count;
    } finally {
      release(prepared);
    }
  };

  return {
    invalidate: () => filter.invalidate(),
    prepare,
    createBatchBuilder: () => {
      // Two batches' chunks may be out at once (one built, one appended).
      eventPool.keepUpTo(MAX_POOLED);
      keyPool.keepUpTo(MAX_POOLED);
      return new BulkBatchBuilder(eventPool, keyPool);
    },
    prepareBuilt,
    insertPrepared,
    claimNew,
    appendClaimed,
    release,
    releaseBuilt: (built) => {
      eventPool.give(built.eventChunks);
      keyPool.give(built.keyChunks);
    },
    insertNewEvents: async (events) => insertPrepared(await prepare(events, { prebuild: false })),
  };
}
