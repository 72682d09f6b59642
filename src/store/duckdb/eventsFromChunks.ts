/**
 * Reads a batch's events back from the data chunks they were built into (appendEventChunks.ts).
 * A batch built piece by piece (BulkBatchBuilder.ts) no longer has its event objects; the rare
 * write that must look at them (a repeat inside the batch, a retry or re-import of stored events)
 * reads them back here. Exact: strings as written, ts and received in whole ms as stored.
 */
import { DuckDBDataChunk, DuckDBTimestampValue } from '@duckdb/node-api';
import type { DuckDBValue } from '@duckdb/node-api';
import { EVENT_COLUMNS } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';

export function eventsFromChunks(chunks: readonly DuckDBDataChunk[]): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (const built of chunks) {
    // A fresh wrapper: the pooled one may cache vectors read at another row count.
    const chunk = new DuckDBDataChunk(built.chunk);
    const columns = EVENT_COLUMNS.map((_, c) => chunk.getColumnValues(c));
    for (let row = 0; row < chunk.rowCount; row++) {
      const event: Record<string, unknown> = {};
      EVENT_COLUMNS.forEach(([name], c) => {
        event[name] = plain(columns[c]?.[row] ?? null);
      });
      events.push(event as unknown as StoredEvent);
    }
  }
  return events;
}

/** A chunk value as the event field it came from: TIMESTAMP → ms since the epoch. */
function plain(value: DuckDBValue): unknown {
  if (value instanceof DuckDBTimestampValue) return Number(value.micros / 1000n);
  return value;
}

/** The ts (ms) at `positions` of a batch's key chunks (site, id, ts, position; BulkBatchBuilder.ts), by ascending position. */
export function keyTimesAt(keyChunks: readonly DuckDBDataChunk[], positions: readonly number[]): number[] {
  const wanted = [...positions].sort((a, b) => a - b);
  const times: number[] = [];
  let first = 0;
  let next = 0;
  for (const built of keyChunks) {
    const chunk = new DuckDBDataChunk(built.chunk);
    const rows = chunk.rowCount;
    const ts = chunk.getColumnVector(2);
    for (; next < wanted.length && (wanted[next] as number) < first + rows; next++) {
      times.push(plain(ts.getItem((wanted[next] as number) - first)) as number);
    }
    first += rows;
  }
  return times;
}
