/**
 * Turns rows into DuckDB data chunks column by column, 2,048 rows (one DuckDB vector) a chunk,
 * with a handful of native calls per column and chunk instead of one per value:
 *
 * - numbers (TIMESTAMP as int64 microseconds, DOUBLE) are written into a typed array and copied
 *   into the vector in one call;
 * - a VARCHAR vector is an array of 16-byte `string_t`s. A value of at most 12 UTF-8 bytes lives
 *   inside its `string_t` (length, then the bytes, zero padded), so those are written into the
 *   same kind of buffer and copied in one call; only longer values (URLs, titles, JSON) go through
 *   `vector_assign_string_element`, which copies them into the vector's string heap. In columns
 *   whose long values repeat (the same URL or event name on many rows), each distinct value is
 *   assigned once and the other rows get a copy of its `string_t`, which points at the same heap
 *   bytes (a Map lookup is cheaper than the native call, which converts and copies the text);
 * - NULLs are bits in a validity mask, copied in one call when a column has any.
 *
 * Building is separate from appending (and needs no connection) so a store can build a batch's
 * chunks while DuckDB still commits the previous batch on its own thread. Every string is exact
 * (no separators to avoid), so there is no slow path.
 */
import duckdb from '@duckdb/node-bindings';
import { DOUBLE, DuckDBDataChunk, TIMESTAMP, VARCHAR } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBType } from '@duckdb/node-api';

/** Rows per data chunk: DuckDB's vector size, the most one chunk holds. */
export const CHUNK_ROWS = duckdb.vector_size();
const ROWS = CHUNK_ROWS;
/** Bytes of one `string_t`; values up to INLINE bytes are stored inside it. */
const STRING_T = 16;
const INLINE = 12;
const TWO_32 = 4_294_967_296;

export type ChunkColumnType = 'varchar' | 'timestamp_ms' | 'double';

/** One column of the chunks: where its value comes from and how DuckDB stores it. */
export interface ChunkColumn<T> {
  type: ChunkColumnType;
  /** The value for row `i` of `rows` (null or undefined for NULL). */
  value: (row: T, i: number) => unknown;
  /** Names the row in errors (a timestamp that is not a number). */
  label?: string;
  /** Long values often repeat within 2,048 rows (URLs, titles): assign each distinct one once. */
  repeats?: boolean;
}

const DUCKDB_TYPES: Record<ChunkColumnType, DuckDBType> = { varchar: VARCHAR, timestamp_ms: TIMESTAMP, double: DOUBLE };

/**
 * Data chunks of one column layout, kept for reuse after they were appended: a chunk of event
 * columns is ~800 kB of native memory, which the garbage collector would free late (it does not
 * see its size). Keeps at most `keep` chunks: few by default (a server's memory), more while a
 * bulk import keeps whole batches built ahead (keepUpTo), few again after (keepAtMost).
 */
export class ChunkPool {
  private readonly free: DuckDBDataChunk[] = [];
  private readonly types: DuckDBType[];

  constructor(columns: readonly ChunkColumn<unknown>[], private keep = 8) {
    this.types = columns.map((c) => DUCKDB_TYPES[c.type]);
  }

  /** Keeps up to `count` chunks from now on (never fewer than before). */
  keepUpTo(count: number): void {
    this.keep = Math.max(this.keep, count);
  }

  take(): DuckDBDataChunk {
    return this.free.pop() ?? DuckDBDataChunk.create(this.types);
  }

  /** Keeps at most `count` chunks from now on: after bulk batches, back to a server's few. */
  keepAtMost(count: number): void {
    this.keep = count;
    this.free.length = Math.min(this.free.length, count);
  }

  /** Chunks waiting to be reused. */
  get available(): number {
    return this.free.length;
  }

  /** Takes back chunks whose rows were appended (or that will not be). */
  give(chunks: readonly DuckDBDataChunk[]): void {
    for (const chunk of chunks) {
      if (this.free.length >= this.keep) return;
      // Reset now: the chunk's string heap (long values) is freed while it waits.
      duckdb.data_chunk_reset(chunk.chunk);
      this.free.push(chunk);
    }
  }
}

/** Scratch space for one column of one chunk (building is synchronous, so one set serves all). */
const bytes = new Uint8Array(ROWS * STRING_T);
const words = new Uint32Array(bytes.buffer);
const doubles = new Float64Array(bytes.buffer);
const validity = new Uint32Array(ROWS / 32);
const encoder = new TextEncoder();
const longRows: number[] = [];
const longText: string[] = [];
/** Rows whose long value repeats an earlier row's (pairs: row, earlier row). */
const copies: number[] = [];
const firstRow = new Map<string, number>();

/** Rows built between two turns of the event loop by buildChunksYielding. */
const SLICE = 8 * ROWS;

/**
 * buildChunkRange over all rows, in slices of 16,384 rows with a turn of the event loop after each: a big batch takes
 * ~80 ms of JavaScript, and meanwhile the store's write queue (the batch before, its appends and
 * the start of its commit) could not go on.
 */
export async function buildChunksYielding<T>(rows: readonly T[], columns: readonly ChunkColumn<T>[], describe: (row: T) => string, pool: ChunkPool): Promise<DuckDBDataChunk[]> {
  const built: DuckDBDataChunk[] = [];
  try {
    for (let from = 0; from < rows.length; from += SLICE) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      buildRange(rows, from, Math.min(rows.length, from + SLICE), columns, describe, pool, built);
    }
  } catch (err) {
    pool.give(built);
    throw err;
  }
  return built;
}

/**
 * Builds rows `from` to `to` (exclusive) into data chunks with `columns` (a table's columns, in
 * order), taking the chunks from `pool`. Timestamps are milliseconds since the epoch, rounded to
 * whole ms as the store rounds them; throws, naming the row with `describe`, when one is not a
 * finite number (the chunks taken so far go back to the pool).
 */
export function buildChunkRange<T>(rows: readonly T[], from: number, to: number, columns: readonly ChunkColumn<T>[], describe: (row: T) => string, pool: ChunkPool): DuckDBDataChunk[] {
  const built: DuckDBDataChunk[] = [];
  try {
    buildRange(rows, from, to, columns, describe, pool, built);
  } catch (err) {
    pool.give(built);
    throw err;
  }
  return built;
}

function buildRange<T>(
  rows: readonly T[],
  from: number,
  to: number,
  columns: readonly ChunkColumn<T>[],
  describe: (row: T) => string,
  pool: ChunkPool,
  built: DuckDBDataChunk[],
): void {
  for (let start = from; start < to; start += ROWS) {
    const n = Math.min(ROWS, to - start);
    const wrapped = pool.take();
    built.push(wrapped);
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as ChunkColumn<T>;
      const vector = duckdb.data_chunk_get_vector(wrapped.chunk, c);
      validity.fill(0xffff_ffff);
      let nulls = false;
      if (column.type === 'varchar') nulls = fillVarchar(vector, rows, start, n, column);
      else if (column.type === 'timestamp_ms') fillTimestamps(vector, rows, start, n, column, describe);
      else nulls = fillDoubles(vector, rows, start, n, column);
      if (nulls) {
        duckdb.vector_ensure_validity_writable(vector);
        duckdb.copy_data_to_vector_validity(vector, 0, validity.buffer, 0, Math.ceil(n / 64) * 8);
      }
    }
    duckdb.data_chunk_set_size(wrapped.chunk, n);
  }
}

/** Appends built chunks; does not flush: the caller decides when the rows become visible. */
export function appendBuiltChunks(appender: DuckDBAppender, chunks: readonly DuckDBDataChunk[]): void {
  for (const chunk of chunks) appender.appendDataChunk(chunk);
}

function clearValid(i: number): void {
  validity[i >>> 5] = (validity[i >>> 5] as number) & ~(1 << (i & 31));
}

/** Writes one VARCHAR column of a chunk; true when it has NULLs. */
function fillVarchar<T>(vector: duckdb.Vector, rows: readonly T[], start: number, n: number, column: ChunkColumn<T>): boolean {
  let nulls = 0;
  bytes.fill(0, 0, n * STRING_T);
  longRows.length = 0;
  longText.length = 0;
  copies.length = 0;
  const dedupe = column.repeats === true;
  if (dedupe) firstRow.clear();
  for (let i = 0; i < n; i++) {
    const raw = column.value(rows[start + i] as T, start + i);
    if (raw === null || raw === undefined) {
      clearValid(i);
      nulls++;
      continue;
    }
    const text = typeof raw === 'string' ? raw : String(raw);
    const len = text.length;
    const at = i * STRING_T;
    // A UTF-8 text has at least as many bytes as UTF-16 code units.
    if (len > INLINE) {
      addLong(i, text, dedupe);
      continue;
    }
    let ascii = true;
    for (let k = 0; k < len; k++) {
      const code = text.charCodeAt(k);
      if (code >= 0x80) {
        ascii = false;
        break;
      }
      bytes[at + 4 + k] = code;
    }
    if (ascii) {
      words[at >>> 2] = len;
      continue;
    }
    const { read, written } = encoder.encodeInto(text, bytes.subarray(at + 4, at + STRING_T));
    if (read === len) {
      words[at >>> 2] = written;
    } else {
      // More than 12 bytes after all: undo the partial write, assign it as a long text.
      bytes.fill(0, at + 4, at + STRING_T);
      addLong(i, text, dedupe);
    }
  }
  duckdb.copy_data_to_vector(vector, 0, bytes.buffer, 0, n * STRING_T);
  for (let k = 0; k < longRows.length; k++) duckdb.vector_assign_string_element(vector, longRows[k] as number, longText[k] as string);
  if (copies.length > 0) {
    // The assigned rows' string_t now point into the vector's heap: copy them to their repeats.
    // vector_get_data may return a copy of the vector's bytes, so the result is copied back.
    const assigned = duckdb.vector_get_data(vector, n * STRING_T);
    for (let k = 0; k < copies.length; k += 2) {
      const from = (copies[k + 1] as number) * STRING_T;
      assigned.copyWithin((copies[k] as number) * STRING_T, from, from + STRING_T);
    }
    duckdb.copy_data_to_vector(vector, 0, assigned.buffer as ArrayBuffer, assigned.byteOffset, n * STRING_T);
  }
  return nulls > 0;
}

function addLong(i: number, text: string, dedupe: boolean): void {
  if (dedupe) {
    const first = firstRow.get(text);
    if (first !== undefined) {
      copies.push(i, first);
      return;
    }
    firstRow.set(text, i);
  }
  longRows.push(i);
  longText.push(text);
}

function fillTimestamps<T>(vector: duckdb.Vector, rows: readonly T[], start: number, n: number, column: ChunkColumn<T>, describe: (row: T) => string): void {
  for (let i = 0; i < n; i++) {
    const row = rows[start + i] as T;
    const ms = column.value(row, start + i);
    if (typeof ms !== 'number' || !Number.isFinite(ms)) {
      throw new Error(`${describe(row)} has no valid ${column.label ?? 'timestamp'} (${String(ms)}); expected milliseconds since the epoch.`);
    }
    // int64 microseconds as two 32-bit halves (exact below 2^53, no BigInt per value).
    const micros = Math.round(ms) * 1000;
    const high = Math.floor(micros / TWO_32);
    words[2 * i] = micros - high * TWO_32;
    words[2 * i + 1] = high;
  }
  duckdb.copy_data_to_vector(vector, 0, bytes.buffer, 0, n * 8);
}

/** Writes one DOUBLE column of a chunk; true when it has NULLs. */
function fillDoubles<T>(vector: duckdb.Vector, rows: readonly T[], start: number, n: number, column: ChunkColumn<T>): boolean {
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const raw = column.value(rows[start + i] as T, start + i);
    if (raw === null || raw === undefined) {
      clearValid(i);
      nulls++;
      doubles[i] = 0;
    } else {
      doubles[i] = Number(raw);
    }
  }
  duckdb.copy_data_to_vector(vector, 0, bytes.buffer, 0, n * 8);
  return nulls > 0;
}
