/**
 * The enriched event as it travels through the ingest log into the store. Collect produces it,
 * importers produce it, the ingest log serializes it (one JSON object per record), the store
 * writes one row per event with exactly these columns.
 *
 * `EVENT_COLUMNS` is the one ordered list of columns: the DuckDB DDL, the appender and the
 * ClickHouse insert all follow it, so adding a column means adding it here first.
 */

/** Traffic channel, derived from referrer + UTM at collection time. */
export const CHANNELS = [
  'direct',
  'organic_search',
  'paid_search',
  'social',
  'paid_social',
  'email',
  'referral',
  'display',
  'affiliate',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const DEVICES = ['desktop', 'mobile', 'tablet', 'other'] as const;
export type Device = (typeof DEVICES)[number];

export interface StoredEvent {
  /** Event id: the client's, or a UUID assigned at acceptance. Unique per site. */
  id: string;
  site: string;
  /** Event time, milliseconds since the epoch, UTC. */
  ts: number;
  name: string;
  visitor: string;
  /** Session id; empty string when neither client nor collector knows one. */
  session: string;
  url: string | null;
  /** URL path without query or fragment, for path conditions (`/products/*`). */
  path: string | null;
  referrer: string | null;
  title: string | null;
  channel: Channel;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_content: string | null;
  utm_term: string | null;
  gclid: string | null;
  device: Device;
  browser: string | null;
  os: string | null;
  country: string | null;
  /** Custom properties as JSON text (flat object of scalars), or null. */
  props: string | null;
  value: number | null;
  currency: string | null;
  /** GA4-style items as JSON text, or null. */
  items: string | null;
  /** When midgoal accepted the event, ms since the epoch. */
  received: number;
}

export type EventColumnType = 'varchar' | 'timestamp_ms' | 'double';

/** Column order and type for every engine. */
export const EVENT_COLUMNS: ReadonlyArray<readonly [keyof StoredEvent, EventColumnType]> = [
  ['id', 'varchar'],
  ['site', 'varchar'],
  ['ts', 'timestamp_ms'],
  ['name', 'varchar'],
  ['visitor', 'varchar'],
  ['session', 'varchar'],
  ['url', 'varchar'],
  ['path', 'varchar'],
  ['referrer', 'varchar'],
  ['title', 'varchar'],
  ['channel', 'varchar'],
  ['utm_source', 'varchar'],
  ['utm_medium', 'varchar'],
  ['utm_campaign', 'varchar'],
  ['utm_content', 'varchar'],
  ['utm_term', 'varchar'],
  ['gclid', 'varchar'],
  ['device', 'varchar'],
  ['browser', 'varchar'],
  ['os', 'varchar'],
  ['country', 'varchar'],
  ['props', 'varchar'],
  ['value', 'double'],
  ['currency', 'varchar'],
  ['items', 'varchar'],
  ['received', 'timestamp_ms'],
];

/** A StoredEvent with every optional column empty: importers and tests fill in what they know. */
export function blankStoredEvent(
  required: Pick<StoredEvent, 'id' | 'site' | 'ts' | 'name' | 'visitor'>,
): StoredEvent {
  return {
    session: '',
    url: null,
    path: null,
    referrer: null,
    title: null,
    channel: 'direct',
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    utm_content: null,
    utm_term: null,
    gclid: null,
    device: 'other',
    browser: null,
    os: null,
    country: null,
    props: null,
    value: null,
    currency: null,
    items: null,
    received: required.ts,
    ...required,
  };
}
