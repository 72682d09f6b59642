/**
 * Reads one site's stored events back as StoredEvents, in batches, ordered by (visitor, ts): what
 * `midgoal migrate-store` copies. The order keeps each batch's visitors together, so the target's
 * duplicate check (ClickHouse: by site, visitor and time) reads a narrow slice.
 */
import { EVENT_COLUMNS } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import type { DuckDbStore } from './openDuckDbStore.ts';

const SELECT = EVENT_COLUMNS.map(([column, type]) =>
  type === 'timestamp_ms' ? `CAST(epoch_ms(${column}) AS DOUBLE) AS ${column}` : column,
).join(', ');

export async function* readSiteEvents(store: DuckDbStore, site: string, batchSize: number): AsyncGenerator<StoredEvent[]> {
  const conn = await store.connect();
  try {
    const result = await conn.stream(`SELECT ${SELECT} FROM events WHERE site = $1 ORDER BY visitor, ts, id`, [site]);
    const names = result.columnNames();
    let batch: StoredEvent[] = [];
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      // Every column is VARCHAR or DOUBLE here, so the values are plain strings, numbers and nulls.
      for (const row of chunk.getRowObjects(names)) {
        batch.push(row as unknown as StoredEvent);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    conn.closeSync();
  }
}

/** Sites in the store with their event counts, largest first. */
export async function siteEventCounts(store: DuckDbStore): Promise<{ site: string; events: number }[]> {
  const reader = await store.connection().runAndReadAll('SELECT site, count(*) AS n FROM events GROUP BY site ORDER BY n DESC, site');
  return reader.getRowsJS().map(([site, n]) => ({ site: String(site), events: Number(n) }));
}
