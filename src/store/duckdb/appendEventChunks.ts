/**
 * Feeds events to a DuckDB appender column by column, 2,048 rows (one DuckDB vector) at a time,
 * with a handful of native calls per column and chunk instead of one per value:
 *
 * - numbers (TIMESTAMP as int64 microseconds, DOUBLE) are written into a typed array and copied
 *   into the vector in one call;
 * - a VARCHAR vector is an array of 16-byte `string_t`s. A value of at most 12 UTF-8 bytes lives
 *   inside its `string_t` (length, then the bytes, zero padded), so those are written into the
 *   same kind of buffer and copied in one call; only longer values (URLs, titles, JSON) go through
 *   `vector_assign_string_element`, which copies them into the vector's string heap;
 * - NULLs are bits in a validity mask, copied in one call when a column has any.
 *
 * Every string is exact (no separators to avoid), so there is no slow path. Does not flush: the
 * caller decides when the rows become visible (inside its transaction).
 */
import duckdb from '@duckdb/node-bindings';
import { DOUBLE, DuckDBDataChunk, TIMESTAMP, VARCHAR } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBType } from '@duckdb/node-api';
import type { StoredEvent } from '../../schema/storedEvent.ts';

/** Rows per data chunk: DuckDB's vector size, the most one chunk holds. */
const ROWS = duckdb.vector_size();
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
}

const DUCKDB_TYPES: Record<ChunkColumnType, DuckDBType> = { varchar: VARCHAR, timestamp_ms: TIMESTAMP, double: DOUBLE };

/**
 * Appends `rows` to `appender` as data chunks with `columns` (the appender's table columns, in
 * order). Timestamps are milliseconds since the epoch, rounded to whole ms as the store rounds
 * them; throws, naming the row with `describe`, when one is not a finite number.
 */
export function appendChunks<T>(
  appender: DuckDBAppender,
  rows: readonly T[],
  columns: readonly ChunkColumn<T>[],
  describe: (row: T) => string,
): void {
  if (rows.length === 0) return;
  const wrapped = DuckDBDataChunk.create(columns.map((c) => DUCKDB_TYPES[c.type]));
  const chunk = wrapped.chunk;
  const bytes = new Uint8Array(ROWS * STRING_T);
  const words = new Uint32Array(bytes.buffer);
  const doubles = new Float64Array(bytes.buffer);
  const validity = new Uint32Array(ROWS / 32);
  const encoder = new TextEncoder();
  const long: number[] = [];
  const longText: string[] = [];
  for (let start = 0; start < rows.length; start += ROWS) {
    const n = Math.min(ROWS, rows.length - start);
    duckdb.data_chunk_reset(chunk);
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as ChunkColumn<T>;
      const vector = duckdb.data_chunk_get_vector(chunk, c);
      validity.fill(0xffff_ffff);
      let nulls = false;
      if (column.type === 'varchar') {
        bytes.fill(0, 0, n * STRING_T);
        long.length = 0;
        longText.length = 0;
        for (let i = 0; i < n; i++) {
          const raw = column.value(rows[start + i] as T, start + i);
          if (raw === null || raw === undefined) {
            validity[i >>> 5] = (validity[i >>> 5] as number) & ~(1 << (i & 31));
            nulls = true;
            continue;
          }
          const text = typeof raw === 'string' ? raw : String(raw);
          const len = text.length;
          const at = i * STRING_T;
          // A UTF-8 text has at least as many bytes as UTF-16 code units.
          if (len > INLINE) {
            long.push(i);
            longText.push(text);
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
            long.push(i);
            longText.push(text);
          }
        }
        duckdb.copy_data_to_vector(vector, 0, bytes.buffer, 0, n * STRING_T);
        for (let k = 0; k < long.length; k++) duckdb.vector_assign_string_element(vector, long[k] as number, longText[k] as string);
      } else if (column.type === 'timestamp_ms') {
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
      } else {
        for (let i = 0; i < n; i++) {
          const raw = column.value(rows[start + i] as T, start + i);
          if (raw === null || raw === undefined) {
            validity[i >>> 5] = (validity[i >>> 5] as number) & ~(1 << (i & 31));
            nulls = true;
            doubles[i] = 0;
          } else {
            doubles[i] = Number(raw);
          }
        }
        duckdb.copy_data_to_vector(vector, 0, bytes.buffer, 0, n * 8);
      }
      if (nulls) {
        duckdb.vector_ensure_validity_writable(vector);
        duckdb.copy_data_to_vector_validity(vector, 0, validity.buffer, 0, Math.ceil(n / 64) * 8);
      }
    }
    duckdb.data_chunk_set_size(chunk, n);
    appender.appendDataChunk(wrapped);
  }
}
