/**
 * Brings every node of a ClickHouse deployment up to CLICKHOUSE_MIGRATIONS. Each node records what
 * it has applied in `{db}.midgoal_migrations`; statements are `IF NOT EXISTS`, so two servers
 * migrating at once, or a migration interrupted half-way, simply run again.
 */
import type { ClickHouseNodes } from './clickHouseNodes.ts';
import { CLICKHOUSE_MIGRATIONS } from './clickHouseMigrations.ts';
import type { ClickHouseMigration } from './clickHouseMigrations.ts';

/** The table queries and inserts use: the Distributed one in a cluster, the only one otherwise. */
export const EVENTS_TABLE = 'events';
/** The id index the duplicate check reads (migration 002), named like EVENTS_TABLE. */
export const EVENT_IDS_TABLE = 'event_ids';

/** The node-local table holding rows of `table` (`table` itself without a cluster). */
export function localTable(table: string, cluster: string | null): string {
  return cluster === null ? table : `${table}_local`;
}

export async function applyClickHouseMigrations(
  nodes: ClickHouseNodes,
  migrations: readonly ClickHouseMigration[] = CLICKHOUSE_MIGRATIONS,
): Promise<string[]> {
  const { database, cluster } = nodes.target;
  const applied: string[] = [];
  await nodes.each('applying migrations', async (client, url) => {
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    await client.command({
      // Log, not TinyLog: servers starting together read and write it at the same time.
      query: `CREATE TABLE IF NOT EXISTS ${database}.midgoal_migrations (version UInt32, name String, applied DateTime) ENGINE = Log`,
    });
    const rs = await client.query({ query: `SELECT DISTINCT version FROM ${database}.midgoal_migrations`, format: 'JSONEachRow' });
    const done = new Set((await rs.json<{ version: number }>()).map((r) => Number(r.version)));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements.flatMap((s) => expand(s, database, cluster))) {
        await client.command({ query: statement });
      }
      await client.command({
        query: `INSERT INTO ${database}.midgoal_migrations VALUES (${m.version}, '${m.name}', now())`,
      });
      applied.push(`${m.name} on ${url}`);
    }
  });
  return applied;
}

/** One migration statement with its placeholders filled in for this deployment. */
function expand(statement: string, database: string, cluster: string | null): string[] {
  // Sharded by visitor: a visitor's events meet on one shard, as a funnel needs them to.
  const distributed = statement === '{distributed}' ? ['events', 'sipHash64(visitor)'] : /^\{distributed:(\w+):(.+)\}$/.exec(statement)?.slice(1);
  if (distributed) {
    const [name, key] = distributed;
    if (cluster === null) return [];
    return [
      `CREATE TABLE IF NOT EXISTS ${database}.${name} AS ${database}.${name}_local
  ENGINE = Distributed(${cluster}, ${database}, ${name}_local, ${key})`,
    ];
  }
  return [
    statement
      .replaceAll('{db}', database)
      .replaceAll('{events}', localTable(EVENTS_TABLE, cluster))
      .replaceAll('{ids}', localTable(EVENT_IDS_TABLE, cluster)),
  ];
}
