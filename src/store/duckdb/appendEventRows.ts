import { timestampValue } from '@duckdb/node-api';
import type { DuckDBAppender } from '@duckdb/node-api';
import { EVENT_COLUMNS } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';

/** TIMESTAMP holds microseconds; events carry milliseconds. */
function micros(ms: number): bigint {
  return BigInt(Math.round(ms)) * 1000n;
}

/**
 * Feeds events to an appender in `EVENT_COLUMNS` order, one native call per value. The store's
 * slow path (createEventInserter.ts) for the rare batch whose text holds the column encoding's
 * separators; no faster than this but exact for any string. Does not flush: the caller decides
 * when the rows become visible (inside its transaction).
 */
export function appendEventRows(appender: DuckDBAppender, events: readonly StoredEvent[]): void {
  for (const event of events) {
    for (const [column, type] of EVENT_COLUMNS) {
      const value = event[column];
      if (value === null || value === undefined) {
        appender.appendNull();
      } else if (type === 'varchar') {
        appender.appendVarchar(String(value));
      } else if (type === 'timestamp_ms') {
        appender.appendTimestamp(timestampValue(micros(Number(value))));
      } else {
        appender.appendDouble(Number(value));
      }
    }
    appender.endRow();
  }
}
