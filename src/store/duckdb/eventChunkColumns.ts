/**
 * How events become the rows of the store's tables: one data chunk column per stored column
 * (appendEventChunks.ts), and the batch keys (site, id, ts, position) the duplicate check hashes.
 */
import { EVENT_COLUMNS } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import type { ChunkColumn } from './appendEventChunks.ts';

/**
 * Reads one column of an event. One small function per column, not `event[column]`: each reads
 * one property at one place, which V8 compiles to a direct load (the shared keyed read was ~20%
 * of the import's main-thread time).
 */
const READ: { [K in keyof StoredEvent]: (event: StoredEvent) => StoredEvent[K] } = {
  id: (e) => e.id,
  site: (e) => e.site,
  ts: (e) => e.ts,
  name: (e) => e.name,
  visitor: (e) => e.visitor,
  session: (e) => e.session,
  url: (e) => e.url,
  path: (e) => e.path,
  referrer: (e) => e.referrer,
  title: (e) => e.title,
  channel: (e) => e.channel,
  utm_source: (e) => e.utm_source,
  utm_medium: (e) => e.utm_medium,
  utm_campaign: (e) => e.utm_campaign,
  utm_content: (e) => e.utm_content,
  utm_term: (e) => e.utm_term,
  gclid: (e) => e.gclid,
  device: (e) => e.device,
  browser: (e) => e.browser,
  os: (e) => e.os,
  country: (e) => e.country,
  props: (e) => e.props,
  value: (e) => e.value,
  currency: (e) => e.currency,
  items: (e) => e.items,
  received: (e) => e.received,
};

/**
 * Columns whose long values repeat within 2,048 events: pages, titles, referrers, campaigns, event
 * names. Not ids (unique) nor JSON (mostly unique), where the lookup would only cost.
 */
const REPEATING = new Set<keyof StoredEvent>(['name', 'url', 'path', 'referrer', 'title', 'channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'browser', 'os', 'country']);

/** The event columns as data chunk columns, in table order. */
export const EVENT_CHUNK_COLUMNS: ChunkColumn<StoredEvent>[] = EVENT_COLUMNS.map(([column, type]) => ({
  type,
  value: READ[column],
  label: column,
  repeats: REPEATING.has(column),
}));
/** Key rows (site, id, ts, position) with positions `offset` + the row's index in the array built. */
export function keyChunkColumns(offset: number): ChunkColumn<StoredEvent>[] {
  return [
    { type: 'varchar', value: (event) => event.site },
    { type: 'varchar', value: (event) => event.id },
    { type: 'timestamp_ms', value: (event) => event.ts, label: 'ts' },
    { type: 'double', value: (_event, i) => offset + i },
  ];
}
export const KEY_CHUNK_COLUMNS: ChunkColumn<StoredEvent>[] = keyChunkColumns(0);
export const describeEvent = (event: StoredEvent): string => `Event ${String(event.id)}`;
