/**
 * StoredEvent ↔ one row of the ClickHouse `events` table (clickHouseMigrations.ts 001). Times are
 * split into a DateTime (whole seconds) and `ts_ms` because 18.16 has no DateTime64; `received`
 * is epoch milliseconds.
 */
import { EVENT_COLUMNS } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';

export type ClickHouseEventRow = Record<string, string | number | null>;

export function toClickHouseRow(event: StoredEvent): ClickHouseEventRow {
  const row: ClickHouseEventRow = {};
  for (const [column, type] of EVENT_COLUMNS) {
    const value = event[column];
    if (column === 'ts') {
      // Rounded to the millisecond as the DuckDB store does, so "same ts" means the same on both.
      const ms = Math.round(event.ts);
      row.ts = Math.floor(ms / 1000);
      row.ts_ms = ms - Math.floor(ms / 1000) * 1000;
    } else if (type === 'timestamp_ms') {
      row[column] = Math.round(Number(value));
    } else {
      row[column] = value ?? null;
    }
  }
  return row;
}

/** The columns a query must select to rebuild events with fromClickHouseRow. */
export const CLICKHOUSE_EVENT_SELECT = EVENT_COLUMNS.map(([column]) =>
  column === 'ts' ? 'toUInt32(ts) AS ts, ts_ms' : column === 'received' ? 'toString(received) AS received' : column,
).join(', ');

export function fromClickHouseRow(row: ClickHouseEventRow): StoredEvent {
  const event: Record<string, unknown> = {};
  for (const [column, type] of EVENT_COLUMNS) {
    const value = row[column];
    if (column === 'ts') event.ts = Number(row.ts) * 1000 + Number(row.ts_ms);
    else if (type === 'timestamp_ms' || type === 'double') event[column] = value === null || value === undefined ? null : Number(value);
    else event[column] = value ?? null;
  }
  return event as unknown as StoredEvent;
}
