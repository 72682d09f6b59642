/**
 * Writes the events of a batch that ClickHouse does not hold yet. Same site, id and millisecond
 * means the same event (as in the DuckDB store), so a collector replaying its log after a crash
 * — the batch may or may not have landed before it died — or a client retry stores nothing twice.
 * ClickHouse has no unique keys, so before inserting, the batch's ids are looked up among the
 * stored events of the same site, visitors and time span (the table's sort key makes that a
 * narrow read).
 */
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { clickHouseLiteral } from '../../query/inlineClickHouseParams.ts';
import { dropRepeatedEvents } from '../duckdb/dropRepeatedEvents.ts';
import { EVENTS_TABLE } from './applyClickHouseMigrations.ts';
import type { ClickHouseNodes } from './clickHouseNodes.ts';
import { toClickHouseRow } from './clickHouseEventRow.ts';

/** Events looked up per query: keeps each query's text to a few hundred kB. */
const PROBE_CHUNK = 4000;

/** Returns how many events were written. */
export async function insertNewEvents(nodes: ClickHouseNodes, events: readonly StoredEvent[]): Promise<number> {
  const unique = dropRepeatedEvents(events);
  if (unique.length === 0) return 0;
  const stored = await storedKeys(nodes, unique);
  const fresh = stored.size === 0 ? unique : unique.filter((e) => !stored.has(keyOf(e.site, e.id, Math.round(e.ts))));
  if (fresh.length === 0) return 0;
  const table = `${nodes.target.database}.${EVENTS_TABLE}`;
  await nodes.run(`inserting ${fresh.length} events`, (client) =>
    client.insert({ table, values: fresh.map(toClickHouseRow), format: 'JSONEachRow' }).then(() => undefined),
  );
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
        min = Math.min(min, Math.floor(e.ts / 1000));
        max = Math.max(max, Math.floor(e.ts / 1000));
      }
      const visitors = [...new Set(chunk.map((e) => e.visitor))].map(clickHouseLiteral).join(',');
      const ids = [...new Set(chunk.map((e) => e.id))].map(clickHouseLiteral).join(',');
      const rows = await nodes.rows<{ id: string; s: number; ms: number }>(
        'checking which events are already stored',
        `SELECT id, toUInt32(ts) AS s, ts_ms AS ms FROM ${nodes.target.database}.${EVENTS_TABLE}
WHERE site = ${clickHouseLiteral(site)} AND visitor IN (${visitors}) AND ts BETWEEN toDateTime(${min}) AND toDateTime(${max}) AND id IN (${ids})`,
        { max_query_size: String(64 * 1024 * 1024) },
      );
      for (const r of rows) found.add(keyOf(site, r.id, Number(r.s) * 1000 + Number(r.ms)));
    }
  }
  return found;
}
