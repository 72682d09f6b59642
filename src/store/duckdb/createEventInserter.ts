/**
 * The store's write path: a batch goes in without the events the store already holds.
 *
 * An event is "already stored" when an event with the same site, id and ts is. A retry resends the
 * same event (same id, same ts) and an importer gives a row the same id on every run, so this is
 * what "a retry with the same id is stored once" needs; comparing ts as well lets the check read
 * only stored events inside the batch's time span, which DuckDB finds from each row group's ts
 * min/max (for live traffic: the last seconds of the table).
 *
 * How a batch travels (measured in measureAppend.ts): when any event is stored inside the batch's
 * span, a probe first looks up the batch's keys (site, id, ts) among them; the usual answer is
 * "none". Then, slice by slice, one text per column with the values joined by a control character
 * (encodeEventColumns.ts), bound as statement parameters and split back into rows inside DuckDB:
 * one native call per column instead of one per value.
 */
import { timestampValue } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBTimestampValue } from '@duckdb/node-api';
import { EVENT_COLUMNS } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { appendEventRows } from './appendEventRows.ts';
import { dropRepeatedEvents } from './dropRepeatedEvents.ts';
import { encodeEventColumns } from './encodeEventColumns.ts';

export interface EventInserter {
  /**
   * Inserts the events of `events` that are not stored yet (keeping the first of any repeated
   * within the batch) and resolves to how many it inserted. Call it inside a transaction on the
   * inserter's connection: the staging rows it writes to temp tables roll back with the batch.
   */
  insertNewEvents(events: readonly StoredEvent[]): Promise<number>;
}

/** One row: the batch's site, id and ts columns as `encodeEventColumns` texts, for the probe. */
const KEYS_TABLE = 'midgoal_batch_keys';
/** The batch as rows, for the rare batch `encodeEventColumns` refuses. */
const ROWS_TABLE = 'midgoal_batch_rows';

const NAMES = EVENT_COLUMNS.map(([column]) => column);
/** The probe's columns, in the order of the keys table. */
const KEY_COLUMNS = (['site', 'id', 'ts'] as const).map((key) => EVENT_COLUMNS.filter(([column]) => column === key)).flat();
/**
 * Events per insert statement. DuckDB splits the bound texts into lists of values, and past a few
 * ten thousand values per list the cost per event rose (1.3 µs at 20k, 3.5 µs at 100k).
 */
const SLICE = 20_000;

/** Stored events of the span $1…$2, as a join target; the join compares ts too. */
const STORED_KEYS = '(SELECT site, id, ts FROM events WHERE ts BETWEEN $1 AND $2) e';

const SQL = {
  createKeysTable: `CREATE TEMP TABLE IF NOT EXISTS ${KEYS_TABLE} (site VARCHAR, id VARCHAR, ts VARCHAR)`,
  createRowsTable: `CREATE TEMP TABLE IF NOT EXISTS ${ROWS_TABLE} AS SELECT * FROM events LIMIT 0`,
  // The keys come from a table, not from parameters: bound as parameters, the three lists became
  // constants that the planner copied around and the probe took ~5× as long.
  probe:
    'SELECT b.pos FROM (SELECT unnest(string_split(site, chr(31))) AS site, unnest(string_split(id, chr(31))) AS id, ' +
    'epoch_ms(CAST(unnest(string_split(ts, chr(31))) AS BIGINT)) AS ts, unnest(range(len(string_split(id, chr(31))))) AS pos ' +
    `FROM temp.${KEYS_TABLE}) b SEMI JOIN ${STORED_KEYS} ON e.site = b.site AND e.id = b.id AND e.ts = b.ts`,
  clearKeys: `DELETE FROM temp.${KEYS_TABLE}`,
  anyStoredInSpan: 'SELECT 1 FROM events WHERE ts BETWEEN $1 AND $2 LIMIT 1',
  insertTexts: (() => {
    const typed = EVENT_COLUMNS.map(([, type], i) =>
      type === 'varchar'
        ? `nullif(v${i}, chr(30))`
        : type === 'timestamp_ms'
          ? `epoch_ms(CAST(v${i} AS BIGINT))`
          : `CAST(nullif(v${i}, '') AS DOUBLE)`,
    );
    const split = NAMES.map((_, i) => `unnest(string_split($${i + 1}, chr(31))) AS v${i}`);
    return `INSERT INTO events (${NAMES.join(', ')}) SELECT ${typed.join(', ')} FROM (SELECT ${split.join(', ')})`;
  })(),
  insertRows:
    `INSERT INTO events (${NAMES.join(', ')}) SELECT ${NAMES.map((c) => `s.${c}`).join(', ')} FROM temp.${ROWS_TABLE} s ` +
    `ANTI JOIN ${STORED_KEYS} ON e.site = s.site AND e.id = s.id AND e.ts = s.ts`,
  clearRows: `DELETE FROM temp.${ROWS_TABLE}`,
};

/**
 * Creates the temp tables on `conn` and prepares the statements once. Call it outside a
 * transaction (a rolled back transaction would take the temp tables with it) and keep the
 * inserter for the connection's life. `sliceSize` is for tests.
 */
export async function createEventInserter(conn: DuckDBConnection, sliceSize = SLICE): Promise<EventInserter> {
  await conn.run(SQL.createKeysTable);
  await conn.run(SQL.createRowsTable);
  const anyStoredInSpan = await conn.prepare(SQL.anyStoredInSpan);
  const probe = await conn.prepare(SQL.probe);
  const clearKeys = await conn.prepare(SQL.clearKeys);
  const insertTexts = await conn.prepare(SQL.insertTexts);
  const insertRows = await conn.prepare(SQL.insertRows);
  const clearRows = await conn.prepare(SQL.clearRows);

  /** Runs a prepared statement and drops its bound values (a batch's texts are megabytes). */
  const run = async (statement: DuckDBPreparedStatement, values: (string | DuckDBTimestampValue)[]): Promise<number> => {
    statement.bind(values);
    try {
      return (await statement.run()).rowsChanged;
    } finally {
      statement.clearBindings();
    }
  };

  /** Positions (0-based) in `batch` of the events stored already; null when a key holds a separator. */
  const storedPositions = async (batch: readonly StoredEvent[], span: DuckDBTimestampValue[]): Promise<Set<number> | null> => {
    const keys = encodeEventColumns(batch, KEY_COLUMNS);
    if (!keys) return null;
    const appender = await conn.createAppender(KEYS_TABLE, 'main', 'temp');
    try {
      for (const text of keys) appender.appendVarchar(text);
      appender.endRow();
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    probe.bind(span);
    const rows = (await probe.runAndReadAll()).getRowsJS();
    await run(clearKeys, []);
    return new Set(rows.map((row) => Number(row[0])));
  };

  /** The slow path, for text with the encoding's separators: a row appender, then an anti-join. */
  const insertAsRows = async (batch: readonly StoredEvent[]): Promise<number> => {
    const appender = await conn.createAppender(ROWS_TABLE, 'main', 'temp');
    try {
      appendEventRows(appender, batch);
      appender.flushSync();
    } finally {
      // After a failed row, clear() drops the half-built rows so close() cannot flush them.
      appender.clear();
      appender.closeSync();
    }
    const inserted = await run(insertRows, timeSpan(batch));
    await run(clearRows, []);
    return inserted;
  };

  return {
    async insertNewEvents(events) {
      let batch = dropRepeatedEvents(events);
      if (batch.length === 0) return 0;
      const span = timeSpan(batch);
      anyStoredInSpan.bind(span);
      // Nothing stored in the span (an import of new days, or server-stamped live events): no probe.
      if ((await anyStoredInSpan.runAndReadAll()).currentRowCount > 0) {
        const stored = await storedPositions(batch, span);
        if (!stored) return insertAsRows(batch);
        // A retry or a re-import: leave out what is stored.
        if (stored.size > 0) batch = batch.filter((_, i) => !stored.has(i));
      }
      let inserted = 0;
      for (let start = 0; start < batch.length; start += sliceSize) {
        const slice = batch.slice(start, start + sliceSize);
        const texts = encodeEventColumns(slice);
        inserted += texts ? await run(insertTexts, texts) : await insertAsRows(slice);
      }
      return inserted;
    },
  };
}

function micros(ms: number): DuckDBTimestampValue {
  return timestampValue(BigInt(ms) * 1000n);
}

/** Smallest and largest ts as query bounds; throws for a ts that is not a finite number. */
function timeSpan(events: readonly StoredEvent[]): DuckDBTimestampValue[] {
  let min = Infinity;
  let max = -Infinity;
  for (const event of events) {
    if (typeof event.ts !== 'number' || !Number.isFinite(event.ts)) {
      throw new Error(`Event ${event.id} has no valid ts (${String(event.ts)}); expected milliseconds since the epoch.`);
    }
    const ms = Math.round(event.ts);
    if (ms < min) min = ms;
    if (ms > max) max = ms;
  }
  return [micros(min), micros(max)];
}
