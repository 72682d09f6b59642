/**
 * ClickHouse SQL for funnels with aggregate steps (aggregateAtoms.ts): per visitor, EVERY event of
 * the range (an aggregate counts events that match no step), as parallel arrays — `t` epoch ms,
 * `ss` the raw session column, `a` the atom mask, and `v` a tuple of the aggregates' values.
 */
import type { FunnelQuery } from '../store/EventStore.ts';
import type { AtomPlan } from './aggregateAtoms.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { joinSql, param, rawSql, sql } from './SqlFragment.ts';
import { breakdownValueSql } from './funnelClickHouseListsSql.ts';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * With a breakdown, also `b` (per event the 1-tuple [dimension value]; NULL for visitorType) or
 * `p` ([path], landing page), and `first_ms` (visitorType: the visitor's first event on the site
 * in the whole store, joined at the top as in funnelClickHouseListsSql.ts).
 */
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
  const breakdown = query.breakdown;
  const landing = breakdown !== undefined && 'column' in breakdown && breakdown.column === 'landing_page';
  const dimension = breakdown === undefined || landing ? null : breakdownValueSql(breakdown);
  const lists = sql`SELECT visitor, groupArray(tms) AS t, groupArray(session) AS ss, groupArray(a) AS a${
    values ? rawSql(', groupArray(vt) AS v') : rawSql('')
  }${dimension ? rawSql(', groupArray(tuple(bv)) AS b') : rawSql('')}${landing ? rawSql(', groupArray(tuple(path)) AS p') : rawSql('')}
FROM (SELECT visitor, toUInt64(toUInt32(ts)) * 1000 + ts_ms AS tms, session, path, toUInt64(0) + ${mask} AS a${
    values ? sql`, tuple(${values}) AS vt` : rawSql('')
  }${dimension ? sql`, ${dimension} AS bv` : rawSql('')} FROM ${rawSql(table)} WHERE site = ${param(query.site)}${range})
GROUP BY visitor`;
  if (breakdown === undefined || !('visitorType' in breakdown)) return lists;
  return sql`SELECT * FROM (${lists})
ANY LEFT JOIN (SELECT visitor, min(toUInt64(toUInt32(ts)) * 1000 + ts_ms) AS first_ms FROM ${rawSql(table)} WHERE site = ${param(query.site)} GROUP BY visitor) USING visitor`;
}
