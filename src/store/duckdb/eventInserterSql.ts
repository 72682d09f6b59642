/** The SQL of the store's write path (createEventInserter.ts): the keys table, the exact checks. */
import { KEY_HASH_SQL } from './StoredKeyFilter.ts';

/** The batch's keys (site, id, ts) and positions, for the exact checks (confirm, probe). */
export const KEYS_TABLE = 'midgoal_batch_keys';

/** Most distinct ts among filter hits checked by equality scans; more take the full probe. */
export const MAX_CONFIRM = 16;

export const SQL = {
  createKeysTable: `CREATE TEMP TABLE IF NOT EXISTS ${KEYS_TABLE} (site VARCHAR, id VARCHAR, ts TIMESTAMP, pos DOUBLE)`,
  probe:
    `SELECT b.pos FROM temp.${KEYS_TABLE} b SEMI JOIN (SELECT site, id, ts FROM events WHERE ts BETWEEN $1 AND $2) e ` +
    'ON e.site = b.site AND e.id = b.id AND e.ts = b.ts',
  clearKeys: `DELETE FROM temp.${KEYS_TABLE}`,
  keyHashes: `SELECT pos::UINTEGER AS pos, ${KEY_HASH_SQL('hash(site, id, ts)')} FROM temp.${KEYS_TABLE}`,
  /**
   * The stored keys among the batch's candidates, reading only stored events at the candidates'
   * ts: one equality scan each (DuckDB filters the ts column first and reads site and id only
   * for rows that pass; an IN list would read them for every row).
   */
  confirm: (count: number) =>
    `SELECT b.pos FROM temp.${KEYS_TABLE} b SEMI JOIN (` +
    Array.from({ length: count }, (_, i) => `SELECT site, id, ts FROM events WHERE ts = $${i + 1}`).join(' UNION ALL ') +
    ') e ON e.site = b.site AND e.id = b.id AND e.ts = b.ts',
  anyStoredInSpan: 'SELECT 1 FROM events WHERE ts BETWEEN $1 AND $2 LIMIT 1',
};

