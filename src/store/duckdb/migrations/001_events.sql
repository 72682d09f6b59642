-- One row per accepted event. Columns follow EVENT_COLUMNS in src/schema/storedEvent.ts, in order;
-- openDuckDbStore.test.ts checks that they still agree. Timestamps are UTC (TIMESTAMP, no zone).
-- No primary key: the appender stays fast, and the ingest log's applied_seq (002) is what keeps
-- replays from writing a row twice.
CREATE TABLE events (
  id VARCHAR NOT NULL,
  site VARCHAR NOT NULL,
  ts TIMESTAMP NOT NULL,
  name VARCHAR NOT NULL,
  visitor VARCHAR NOT NULL,
  session VARCHAR NOT NULL,
  url VARCHAR,
  path VARCHAR,
  referrer VARCHAR,
  title VARCHAR,
  channel VARCHAR NOT NULL,
  utm_source VARCHAR,
  utm_medium VARCHAR,
  utm_campaign VARCHAR,
  utm_content VARCHAR,
  utm_term VARCHAR,
  gclid VARCHAR,
  device VARCHAR NOT NULL,
  browser VARCHAR,
  os VARCHAR,
  country VARCHAR,
  props VARCHAR,
  value DOUBLE,
  currency VARCHAR,
  items VARCHAR,
  received TIMESTAMP NOT NULL
);
