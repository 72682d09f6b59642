/**
 * Deletes one site's rows on every node. ClickHouse deletes are asynchronous mutations (18.16 has
 * no mutations_sync), so this waits until each node reports them done — the caller (demo --reset,
 * import --replace) writes new events next and must not have them deleted too.
 */
import { clickHouseLiteral } from '../../query/inlineClickHouseParams.ts';
import { EVENT_IDS_TABLE, EVENTS_TABLE, localTable } from './applyClickHouseMigrations.ts';
import type { ClickHouseNodes } from './clickHouseNodes.ts';

const POLL_MS = 200;
const MAX_WAIT_MS = 10 * 60_000;

export async function deleteSiteRows(nodes: ClickHouseNodes, site: string): Promise<void> {
  const { database, cluster } = nodes.target;
  // The events and the id index (a materialized view: its rows live in `.inner.<name>`).
  const tables = [localTable(EVENTS_TABLE, cluster), `.inner.${localTable(EVENT_IDS_TABLE, cluster)}`];
  for (const table of tables) await deleteOnEachNode(nodes, database, table, site);
}

async function deleteOnEachNode(nodes: ClickHouseNodes, database: string, table: string, site: string): Promise<void> {
  await nodes.each(`deleting the events of site ${site}`, async (client) => {
    await client.command({ query: `ALTER TABLE ${database}.\`${table}\` DELETE WHERE site = ${clickHouseLiteral(site)}` });
    const started = Date.now();
    for (;;) {
      const rs = await client.query({
        query: `SELECT count() AS n FROM system.mutations WHERE database = ${clickHouseLiteral(database)} AND table = ${clickHouseLiteral(table)} AND is_done = 0`,
        format: 'JSONEachRow',
      });
      const [row] = await rs.json<{ n: string }>();
      if (Number(row?.n ?? 0) === 0) return;
      if (Date.now() - started > MAX_WAIT_MS) throw new Error(`ClickHouse has not finished deleting site ${site}'s events after 10 minutes; see system.mutations.`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });
}
