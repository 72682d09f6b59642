/**
 * ClickHouse SQL for funnels with aggregate steps (aggregateAtoms.ts): per visitor, EVERY event of
 * the range (an aggregate counts events that match no step), as parallel arrays — `t` epoch ms,
 * `ss` the raw session column, `a` the atom mask, and `v` a tuple of the aggregates' values.
 */
import type { FunnelQuery } from '../store/EventStore.ts';
import type { AtomPlan } from './aggregateAtoms.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { joinSql, param, rawSql, sql } from './SqlFragment.ts';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export function buildAggregateListsSql(query: FunnelQuery, plan: AtomPlan, table: string): SqlFragment {
  if (!TABLE_NAME.test(table)) throw new Error(`internal: unexpected table name ${JSON.stringify(table)}`);
  const mask = joinSql(
    plan.atoms.map((atom, bit) => sql`if(ifNull(${atom}, 0), ${rawSql(String(2 ** bit))}, 0)`),
    ' + ',
  );
  const values = plan.values.length === 0 ? null : joinSql(plan.values, ', ');
  const range = sql`${query.from === undefined ? rawSql('') : sql` AND toUInt32(ts) * 1000 >= ${param(query.from)}`}${
    query.to === undefined ? rawSql('') : sql` AND toUInt32(ts) * 1000 < ${param(query.to)}`
  }`;
  return sql`SELECT visitor, groupArray(tms) AS t, groupArray(session) AS ss, groupArray(a) AS a${
    values ? rawSql(', groupArray(vt) AS v') : rawSql('')
  }
FROM (SELECT visitor, toUInt64(toUInt32(ts)) * 1000 + ts_ms AS tms, session, toUInt64(0) + ${mask} AS a${
    values ? sql`, tuple(${values}) AS vt` : rawSql('')
  } FROM ${rawSql(table)} WHERE site = ${param(query.site)}${range})
GROUP BY visitor`;
}
