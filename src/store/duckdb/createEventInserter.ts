/**
 * The store's write path: a batch goes in without the events the store already holds.
 *
 * An event is "already stored" when an event with the same site, id and ts is. A retry resends the
 * same event (same id, same ts) and an importer gives a row the same id on every run, so this is
 * what "a retry with the same id is stored once" needs; comparing ts as well lets the check read
 * only stored events inside the batch's time span, which DuckDB finds from each row group's ts
 * min/max (for live traffic: the last seconds of the table).
 *
 * How a batch travels: its keys (site, id, ts, position) go to a temp table and DuckDB hashes
 * them; an in-memory Bloom filter of the stored keys (StoredKeyFilter.ts) says which may be stored.
 * Usually none: no scan of the table at all. A few hits are checked exactly by equality scans at
 * their ts; many hits (a re-import), or no filter (a very large store), take the probe of the
 * batch's whole time span (skipped when nothing is stored in the span). Then the new events go to
 * the table through an appender, as data chunks written column by column (appendEventChunks.ts):
 * a few native calls per column and 2,048 rows, not one per value.
 */
import { timestampValue } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection, DuckDBPreparedStatement, DuckDBTimestampValue } from '@duckdb/node-api';
import { EVENT_COLUMNS } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { appendChunks } from './appendEventChunks.ts';
import type { ChunkColumn } from './appendEventChunks.ts';
import { dropRepeatedEvents } from './dropRepeatedEvents.ts';
import { KEY_HASH_SQL, StoredKeyFilter, uint32Column } from './StoredKeyFilter.ts';

export interface EventInserter {
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

/** The batch's keys (site, id, ts) and positions, for the probe. */
const KEYS_TABLE = 'midgoal_batch_keys';

/** The event columns as data chunk columns, in table order. */
const EVENT_CHUNK_COLUMNS: ChunkColumn<StoredEvent>[] = EVENT_COLUMNS.map(([column, type]) => ({
  type,
  value: (event: StoredEvent) => event[column],
  label: column,
}));
const KEY_CHUNK_COLUMNS: ChunkColumn<StoredEvent>[] = [
  { type: 'varchar', value: (event) => event.site },
  { type: 'varchar', value: (event) => event.id },
  { type: 'timestamp_ms', value: (event) => event.ts, label: 'ts' },
  { type: 'double', value: (_event, i) => i },
];
const describeEvent = (event: StoredEvent): string => `Event ${String(event.id)}`;
/**
 * Batches of at least this many events commit by checkpointing instead of writing the WAL:
 * DuckDB skips the WAL for a commit that triggers a checkpoint and is larger than
 * `auto_checkpoint_skip_wal_threshold` (100 kB), so each row is compressed into the file once
 * instead of serialized into the WAL and compressed at a later checkpoint (~1 µs less CPU per event
 * at 100k-event batches). Smaller batches (live traffic) keep the WAL and the store's usual
 * threshold: checkpointing after each of them would rewrite the last row group every time.
 */
export const BULK_BATCH = 20_000;
/** The checkpoint threshold while a bulk batch commits: any bulk commit crosses it. */
const BULK_CHECKPOINT_THRESHOLD = '1MB';

/** Most distinct ts among filter hits checked by equality scans; more take the full probe. */
const MAX_CONFIRM = 16;

const SQL = {
  createKeysTable: `CREATE TEMP TABLE IF NOT EXISTS ${KEYS_TABLE} (site VARCHAR, id VARCHAR, ts TIMESTAMP, pos DOUBLE)`,
  probe:
    `SELECT b.pos FROM temp.${KEYS_TABLE} b SEMI JOIN (SELECT site, id, ts FROM events WHERE ts BETWEEN $1 AND $2) e ` +
    'ON e.site = b.site AND e.id = b.id AND e.ts = b.ts',
  clearKeys: `DELETE FROM temp.${KEYS_TABLE}`,
  keyHashes: `SELECT pos::UINTEGER AS pos, ${KEY_HASH_SQL('hash(site, id, ts)')} FROM temp.${KEYS_TABLE}`,
  /**
   * The stored keys among the batch's candidates, reading only stored events at the candidates'
   * ts: one equality scan each (DuckDB filters the ts column first and reads site and id only
   * for rows that pass; an IN list would read them for every row).
   */
  confirm: (count: number) =>
    `SELECT b.pos FROM temp.${KEYS_TABLE} b SEMI JOIN (` +
    Array.from({ length: count }, (_, i) => `SELECT site, id, ts FROM events WHERE ts = $${i + 1}`).join(' UNION ALL ') +
    ') e ON e.site = b.site AND e.id = b.id AND e.ts = b.ts',
  anyStoredInSpan: 'SELECT 1 FROM events WHERE ts BETWEEN $1 AND $2 LIMIT 1',
};

/**
 * Creates the temp table on `conn` and prepares the statements once. Call it outside a
 * transaction (a rolled back transaction would take the temp table with it) and keep the
 * inserter for the connection's life. `checkpointThreshold` is the store's usual WAL size for a
 * checkpoint; the inserter sets it (a database-wide setting) before each batch: that value for
 * small batches, a small one for bulk batches (see BULK_BATCH).
 */
export async function createEventInserter(conn: DuckDBConnection, checkpointThreshold = '64MB'): Promise<EventInserter> {
  await conn.run(SQL.createKeysTable);
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

  /** Appends `rows` to `table` through a fresh appender, flushed into the open transaction. */
  const append = async (table: string, schema: string, catalog: string | null, fill: (appender: DuckDBAppender) => void): Promise<void> => {
    const appender = await conn.createAppender(table, schema, catalog);
    try {
      fill(appender);
      appender.flushSync();
    } finally {
      // After a failure, clear() drops the rows not flushed yet so close() cannot flush them.
      appender.clear();
      appender.closeSync();
    }
  };

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
  const confirm = async (batch: readonly StoredEvent[], candidates: number[]): Promise<Set<number>> => {
    const ts = [...new Set(candidates.map((i) => Math.round((batch[i] as StoredEvent).ts)))].map(micros);
    const rows = (await conn.runAndReadAll(SQL.confirm(ts.length), ts)).getRowsJS();
    return new Set(rows.map((row) => Number(row[0])));
  };

  /**
   * With the batch's keys in the keys table: which are stored (only looked for when `anyStored`),
   * and the filter told about the rest, which the caller inserts.
   */
  const storedPositions = async (batch: readonly StoredEvent[], span: DuckDBTimestampValue[], anyStored: boolean): Promise<Set<number>> => {
    // Nothing to look for and no filter to keep in step: skip loading it (a full scan).
    if (!anyStored && !filter.loaded) return new Set();
    if (!(await filter.ready())) return anyStored ? probeSpan(span) : new Set();
    const n = batch.length;
    const hi = new Uint32Array(n);
    const lo = new Uint32Array(n);
    // Materialized: one native round trip, then the chunks are read synchronously.
    const result = await keyHashes.run();
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      const [pos, h, l] = [uint32Column(chunk, 0), uint32Column(chunk, 1), uint32Column(chunk, 2)];
      for (let k = 0; k < chunk.rowCount; k++) {
        hi[pos[k] as number] = h[k] as number;
        lo[pos[k] as number] = l[k] as number;
      }
    }
    let stored = new Set<number>();
    if (anyStored) {
      const candidates: number[] = [];
      for (let i = 0; i < n; i++) if (filter.mayHold(hi[i] as number, lo[i] as number)) candidates.push(i);
      if (candidates.length > MAX_CONFIRM) stored = await probeSpan(span);
      else if (candidates.length > 0) stored = await confirm(batch, candidates);
    }
    // Every key the caller inserts goes into the filter before the commit.
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

  return {
    invalidate: () => filter.invalidate(),
    async insertNewEvents(events) {
      let batch = dropRepeatedEvents(events);
      if (batch.length === 0) return 0;
      const span = timeSpan(batch);
      anyStoredInSpan.bind(span);
      // Nothing stored in the span (an import of new days, or server-stamped live events): nothing to look for.
      const anyStored = (await anyStoredInSpan.runAndReadAll()).currentRowCount > 0;
      anyStoredInSpan.clearBindings();
      await append(KEYS_TABLE, 'main', 'temp', (appender) => appendChunks(appender, batch, KEY_CHUNK_COLUMNS, describeEvent));
      try {
        const stored = await storedPositions(batch, span, anyStored);
        // A retry or a re-import: leave out what is stored.
        if (stored.size > 0) batch = batch.filter((_, i) => !stored.has(i));
      } finally {
        await run(clearKeys, []);
      }
      const rows = batch;
      await setThreshold(rows.length >= BULK_BATCH ? BULK_CHECKPOINT_THRESHOLD : checkpointThreshold);
      await append('events', 'main', null, (appender) => appendChunks(appender, rows, EVENT_CHUNK_COLUMNS, describeEvent));
      return rows.length;
    },
  };
}

function micros(ms: number): DuckDBTimestampValue {
  return timestampValue(BigInt(ms) * 1000n);
}

/** Smallest and largest ts as query bounds; throws for a ts that is not a finite number. */
/**
 * Microseconds must stay exact in a double (appendEventChunks.ts writes ms × 1000): ±2^53 µs, about
 * the year 2255. Collect and import refuse such times long before; this guards the store itself.
 */
const MAX_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

function timeSpan(events: readonly StoredEvent[]): DuckDBTimestampValue[] {
  let min = Infinity;
  let max = -Infinity;
  for (const event of events) {
    if (typeof event.ts !== 'number' || !Number.isFinite(event.ts) || Math.abs(event.ts) > MAX_MS) {
      throw new Error(`Event ${event.id} has no valid ts (${String(event.ts)}); expected milliseconds since the epoch.`);
    }
    if (typeof event.received !== 'number' || !Number.isFinite(event.received) || Math.abs(event.received) > MAX_MS) {
      throw new Error(`Event ${event.id} has no valid received time (${String(event.received)}); expected milliseconds since the epoch.`);
    }
    const ms = Math.round(event.ts);
    if (ms < min) min = ms;
    if (ms > max) max = ms;
  }
  return [micros(min), micros(max)];
}
