/**
 * Builds a site's SiteColumns from DuckDB in bulk: DuckDB numbers the visitors and shapes (sorted,
 * so two queries in one snapshot agree on the numbering) and joins them onto the events, so only
 * integers and doubles cross into JS per event, never strings or row objects.
 */
import type { DuckDBConnection, DuckDBResult } from '@duckdb/node-api';
import { SiteColumns, sortSlice } from './SiteColumns.ts';
import type { Shape } from './SiteColumns.ts';

/**
 * The table's row count and whether row ids are exactly 0 … count-1 (no deleted rows): then the
 * rows appended later are exactly those with rowid >= count, which is how updates find them.
 */
export async function readHighWater(conn: DuckDBConnection): Promise<{ rows: number; dense: boolean }> {
  // Two queries: count(*) alone comes from metadata, and together they cost ~3× more (measured).
  const rows = Number((await conn.runAndReadAll('SELECT CAST(count(*) AS DOUBLE) FROM events')).getRows()[0]?.[0] ?? 0);
  const max = Number((await conn.runAndReadAll('SELECT CAST(coalesce(max(rowid), -1) AS DOUBLE) FROM events')).getRows()[0]?.[0] ?? -1);
  return { rows, dense: max === rows - 1 };
}

/** Loads `site` in one read transaction; null when the table has holes (see readHighWater). */
export async function loadSiteColumns(conn: DuckDBConnection, site: string): Promise<SiteColumns | null> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const high = await readHighWater(conn);
    if (!high.dense) return null;
    const visitors: string[] = [];
    const counts: number[] = [];
    await eachChunk(
      await conn.stream('SELECT visitor, CAST(count(*) AS INTEGER) FROM events WHERE site = $1 GROUP BY visitor ORDER BY visitor', [site]),
      (chunk) => {
        const ids = chunk.getColumnVector(0);
        const n = chunk.getColumnVector(1);
        for (let r = 0, rows = chunk.rowCount; r < rows; r++) {
          visitors.push(String(ids.getItem(r)));
          counts.push(Number(n.getItem(r)));
        }
      },
    );
    const shapes: Shape[] = [];
    const shapeRows = await conn.runAndReadAll(
      'SELECT name, path, channel, device FROM events WHERE site = $1 GROUP BY ALL ORDER BY name, path, channel, device',
      [site],
    );
    for (const [name, path, channel, device] of shapeRows.getRows()) {
      shapes.push({ name: String(name), path: path === null ? null : String(path), channel: String(channel), device: String(device) });
    }
    const offsets = new Int32Array(visitors.length + 1);
    for (let v = 0; v < visitors.length; v++) offsets[v + 1] = (offsets[v] ?? 0) + (counts[v] ?? 0);
    const total = offsets[visitors.length] ?? 0;
    const sec = new Uint32Array(total);
    const msr = new Uint16Array(total);
    const shape = new Int32Array(total);
    const fill = offsets.slice(0, visitors.length);
    const result = await conn.stream(
      `SELECT v.vid, CAST(epoch_ms(e.ts) AS DOUBLE) AS ms, s.sid
FROM (SELECT visitor, ts, name, path, channel, device FROM events WHERE site = $1) AS e
JOIN (SELECT visitor, CAST(row_number() OVER (ORDER BY visitor) - 1 AS INTEGER) AS vid
      FROM (SELECT DISTINCT visitor FROM events WHERE site = $1)) AS v ON e.visitor = v.visitor
JOIN (SELECT name, path, channel, device,
        CAST(row_number() OVER (ORDER BY name, path, channel, device) - 1 AS INTEGER) AS sid
      FROM (SELECT DISTINCT name, path, channel, device FROM events WHERE site = $1)) AS s
  ON e.name = s.name AND e.path IS NOT DISTINCT FROM s.path AND e.channel = s.channel AND e.device = s.device`,
      [site],
    );
    await eachChunk(result, (chunk) => {
      const vid = chunk.getColumnVector(0);
      const ms = chunk.getColumnVector(1);
      const sid = chunk.getColumnVector(2);
      for (let r = 0, rows = chunk.rowCount; r < rows; r++) {
        const v = Number(vid.getItem(r));
        const at = fill[v] ?? 0;
        fill[v] = at + 1;
        const t = Number(ms.getItem(r));
        const s = Math.floor(t / 1000);
        sec[at] = s;
        msr[at] = t - s * 1000;
        shape[at] = Number(sid.getItem(r));
      }
    });
    for (let v = 0; v < visitors.length; v++) {
      if ((fill[v] ?? 0) !== (offsets[v + 1] ?? 0)) throw new Error('internal: funnel cache load saw a different number of events');
      sortSlice(sec, msr, shape, offsets[v] ?? 0, offsets[v + 1] ?? 0);
    }
    return new SiteColumns({ visitors, shapes, offsets, sec, msr, shape, seenRows: high.rows });
  } finally {
    await conn.run('COMMIT');
  }
}

/** Calls `onChunk` for every chunk of a streamed result. */
export async function eachChunk(result: DuckDBResult, onChunk: (chunk: NonNullable<Awaited<ReturnType<DuckDBResult['fetchChunk']>>>) => void): Promise<void> {
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    onChunk(chunk);
  }
}
