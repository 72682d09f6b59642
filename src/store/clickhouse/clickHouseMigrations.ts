/**
 * ClickHouse schema as numbered migrations. Never edit one that has shipped: add the next number.
 * Each migration lists statements for ONE node; applyClickHouseMigrations runs them on every node
 * of the deployment (18.16's `ON CLUSTER` needs ZooKeeper). `{db}` is the database, `{events}` the
 * table holding rows on this node (`events` alone, `events_local` in a cluster), and
 * `{distributed}` is replaced by the statements that put a Distributed `events` table in front of
 * `events_local` — or by nothing without a cluster. Likewise `{ids}` is `event_ids` or
 * `event_ids_local`, and `{distributed:NAME:KEY}` a Distributed `NAME` over `NAME_local` sharded
 * by KEY.
 *
 * Oldest supported server: 18.16 (Debian 12's package) — no DateTime64, so event times are a
 * DateTime (seconds, what windowFunnel takes) plus `ts_ms`, the millisecond within that second.
 */
export interface ClickHouseMigration {
  version: number;
  name: string;
  /** Statements for one node, with the placeholders above. */
  statements: string[];
}

export const CLICKHOUSE_MIGRATIONS: readonly ClickHouseMigration[] = [
  {
    version: 1,
    name: '001_events',
    statements: [
      // Columns follow EVENT_COLUMNS (src/schema/storedEvent.ts); clickHouseEventRow.ts writes them.
      // Ordered by (site, visitor, ts): a funnel groups one site's events by visitor, and the
      // replay probe (insertNewEvents) looks events up by site, visitor and id.
      `CREATE TABLE IF NOT EXISTS {db}.{events} (
  id String,
  site String,
  ts DateTime,
  ts_ms UInt16,
  name String,
  visitor String,
  session String,
  url Nullable(String),
  path Nullable(String),
  referrer Nullable(String),
  title Nullable(String),
  channel String,
  utm_source Nullable(String),
  utm_medium Nullable(String),
  utm_campaign Nullable(String),
  utm_content Nullable(String),
  utm_term Nullable(String),
  gclid Nullable(String),
  device String,
  browser Nullable(String),
  os Nullable(String),
  country Nullable(String),
  props Nullable(String),
  value Nullable(Float64),
  currency Nullable(String),
  items Nullable(String),
  received UInt64
) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (site, visitor, ts)`,
      '{distributed}',
    ],
  },
  {
    version: 2,
    name: '002_event_ids',
    statements: [
      // The duplicate check before each insert (insertNewEvents.ts) looks ids up by site and time,
      // whatever the visitor: a retried event may come back with another visitor id (a cookieless
      // visitor hashed by another collector or after the daily salt changed). The events table is
      // ordered by visitor, so this index, filled by ClickHouse with every insert, answers that.
      `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.{ids}
  ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (site, ts, id)
  POPULATE AS SELECT site, ts, ts_ms, id FROM {db}.{events}`,
      '{distributed:event_ids:rand()}',
    ],
  },
];
