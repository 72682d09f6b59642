/**
 * Writes the events of a batch that ClickHouse does not hold yet. Same site, id and millisecond
 * means the same event (as in the DuckDB store), so a collector replaying its log after a crash
 * — the batch may or may not have landed before it died — or a client retry stores nothing twice.
 * ClickHouse has no unique keys, so before inserting, the batch's ids are looked up in the id
 * index `event_ids` (migration 002: ordered by site, time, id) for the batch's site and time span.
 *
 * An insert that timed out or lost its connection may still be running on the server. Looking up
 * ids before it finishes would miss its rows and insert them again, so the next call first waits
 * until ClickHouse no longer lists that insert (its query_id) among its running queries.
 */
import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { clickHouseLiteral } from '../../query/inlineClickHouseParams.ts';
import { dropRepeatedEvents } from '../duckdb/dropRepeatedEvents.ts';
import { EVENT_IDS_TABLE, EVENTS_TABLE } from './applyClickHouseMigrations.ts';
import type { ClickHouseNodes } from './clickHouseNodes.ts';
import { toClickHouseRow } from './clickHouseEventRow.ts';
import { StoreUnavailableError } from './StoreUnavailableError.ts';

/** Events looked up per query: keeps each query's text to a few hundred kB. */
const PROBE_CHUNK = 4000;
const POLL_MS = 250;

/** An insert whose outcome is unknown: the node it went to, and its id there. */
export interface UnsettledInsert {
  url: string;
  queryId: string;
}

/** What one store remembers between calls (one writer per store, so one at a time). */
export interface InsertState {
  unsettled: UnsettledInsert | null;
}

/** Returns how many events were written. */
export async function insertNewEvents(nodes: ClickHouseNodes, events: readonly StoredEvent[], state: InsertState): Promise<number> {
  const unique = dropRepeatedEvents(events);
  if (unique.length === 0) return 0;
  if (state.unsettled) {
    await waitUntilFinished(nodes, state.unsettled);
    state.unsettled = null;
  }
  const stored = await storedKeys(nodes, unique);
  const fresh = stored.size === 0 ? unique : unique.filter((e) => !stored.has(keyOf(e.site, e.id, Math.round(e.ts))));
  if (fresh.length === 0) return 0;
  const table = `${nodes.target.database}.${EVENTS_TABLE}`;
  const queryId = `midgoal-insert-${randomUUID()}`;
  let sentTo: string | null = null;
  try {
    await nodes.run(`inserting ${fresh.length} events`, (client, url) => {
      sentTo = url;
      return client.insert({ table, values: fresh.map(toClickHouseRow), format: 'JSONEachRow', query_id: queryId }).then(() => undefined);
    });
  } catch (err) {
    // Refused before anything was sent: nothing to wait for. Otherwise the insert may be running.
    if (sentTo !== null && err instanceof StoreUnavailableError) state.unsettled = { url: sentTo, queryId };
    throw err;
  }
  return fresh.length;
}

function keyOf(site: string, id: string, ms: number): string {
  return `${site}\u0000${id}\u0000${ms}`;
}

/** Keys (site, id, ms) of events in `events` that are already stored. */
async function storedKeys(nodes: ClickHouseNodes, events: readonly StoredEvent[]): Promise<Set<string>> {
  const found = new Set<string>();
  const bySite = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const list = bySite.get(e.site);
    if (list) list.push(e);
    else bySite.set(e.site, [e]);
  }
  for (const [site, list] of bySite) {
    for (let i = 0; i < list.length; i += PROBE_CHUNK) {
      const chunk = list.slice(i, i + PROBE_CHUNK);
      let min = Infinity;
      let max = -Infinity;
      for (const e of chunk) {
        // The second the row is stored under (toClickHouseRow rounds to the ms first).
        const second = Math.floor(Math.round(e.ts) / 1000);
        min = Math.min(min, second);
        max = Math.max(max, second);
      }
      const ids = [...new Set(chunk.map((e) => e.id))].map(clickHouseLiteral).join(',');
      const rows = await nodes.rows<{ id: string; s: number; ms: number }>(
        'checking which events are already stored',
        `SELECT id, toUInt32(ts) AS s, ts_ms AS ms FROM ${nodes.target.database}.${EVENT_IDS_TABLE}
WHERE site = ${clickHouseLiteral(site)} AND ts BETWEEN toDateTime(${min}) AND toDateTime(${max}) AND id IN (${ids})`,
        { max_query_size: String(64 * 1024 * 1024) },
      );
      for (const r of rows) found.add(keyOf(site, r.id, Number(r.s) * 1000 + Number(r.ms)));
    }
  }
  return found;
}

/** Waits until `insert` no longer runs on its node (bounded by the store's timeout, twice over). */
async function waitUntilFinished(nodes: ClickHouseNodes, insert: UnsettledInsert): Promise<void> {
  const node = nodes.nodes.find((n) => n.url === insert.url);
  if (!node) return;
  const deadline = Date.now() + 2 * nodes.target.timeoutMs;
  for (;;) {
    const rs = await node.client.query({
      query: `SELECT count() AS n FROM system.processes WHERE query_id = ${clickHouseLiteral(insert.queryId)}`,
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ n: string }>();
    if (Number(row?.n ?? 0) === 0) return;
    if (Date.now() > deadline) {
      throw new StoreUnavailableError(
        `An earlier insert (${insert.queryId}) is still running on ${insert.url}; midgoal waits for it before writing again, so nothing is stored twice.`,
        `以前の書き込み（${insert.queryId}）が ${insert.url} でまだ実行中です。二重に保存しないよう、終わるまで待ってから書き込みます。`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
