/**
 * Brings a SiteColumns up to date with the store: reads only the rows appended since it was built
 * or last updated (rowid >= seenRows, see readHighWater) and links them in, O(new rows).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { eachChunk, readHighWater } from './loadSiteColumns.ts';
import type { SiteColumns } from './SiteColumns.ts';

/** Folding later events into the compact block once they are this share of it keeps scans fast. */
const COMPACT_SHARE = 0.125;

/**
 * 'fresh' after applying new rows (or when there were none); 'stale' when rows were deleted since
 * (row ids no longer dense, or fewer rows): the caller must rebuild.
 */
export async function updateSiteColumns(conn: DuckDBConnection, site: string, columns: SiteColumns): Promise<'fresh' | 'stale'> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const high = await readHighWater(conn);
    if (!high.dense || high.rows < columns.seenRows) return 'stale';
    if (high.rows === columns.seenRows) return 'fresh';
    const result = await conn.stream(
      `SELECT visitor, CAST(epoch_ms(ts) AS DOUBLE), name, path, channel, device FROM events
WHERE rowid >= $1 AND rowid < $2 AND site = $3`,
      [columns.seenRows, high.rows, site],
    );
    let outOfRange = false;
    await eachChunk(result, (chunk) => {
      const [visitor, ms, name, path, channel, device] = [0, 1, 2, 3, 4, 5].map((i) => chunk.getColumnVector(i));
      if (!visitor || !ms || !name || !path || !channel || !device) throw new Error('internal: funnel cache update columns');
      for (let r = 0, rows = chunk.rowCount; r < rows; r++) {
        const t = Number(ms.getItem(r));
        if (!(t >= 0 && t < 2 ** 32 * 1000)) outOfRange = true;
        const p = path.getItem(r);
        const shape = columns.shapeId({
          name: String(name.getItem(r)),
          path: p === null ? null : String(p),
          channel: String(channel.getItem(r)),
          device: String(device.getItem(r)),
        });
        columns.addEvent(columns.visitorOrdinal(String(visitor.getItem(r))), t, shape);
      }
    });
    if (outOfRange) return 'stale';
    columns.seenRows = high.rows;
    if (columns.deltaCount > Math.max(65_536, columns.sec.length * COMPACT_SHARE)) columns.compact();
    return 'fresh';
  } finally {
    await conn.run('COMMIT');
  }
}
