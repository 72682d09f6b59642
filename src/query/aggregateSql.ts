/**
 * `aggregate:` (midgoal.yaml) → a running threshold over the session or the visitor, as a window
 * function over the relation the funnel engine evaluates step masks on (`ev`: every column of
 * `events` plus `session_key`, the visitor's session).
 *
 * Semantics (docs/CONFIG.md "Aggregates"): the events of one scope (`visitor`, or
 * `visitor, session_key`) are taken in time order; at each event the total over the events up to
 * and including its timestamp (equal timestamps together, so ties never depend on storage order)
 * is compared with `gte`. Count and distinct count only grow, so the condition holds on every
 * event from the one where the threshold is first reached onward; a sum with negative values
 * (refunds) can fall back below it. Only the rows of the relation are seen: with a report range,
 * events before it do not count.
 *
 * Window functions are computed after WHERE and before the outer query, so the expression must sit
 * in the SELECT list of a query over all of the scope's events (the site's events in the range),
 * never in a WHERE that would drop events first — a pre-filter on "matches some step" would hide
 * the page views that a "3 page views" step counts.
 *
 * ClickHouse 18.16 has no window functions: as SQL, aggregates throw there (AGGREGATE_NEEDS_WINDOWS);
 * the ClickHouse store evaluates them in JS instead (aggregateAtoms.ts, evaluateAggregates.ts).
 */
import type { Aggregate, DistinctSource, RowMatch, SumSource } from '../schema/match.ts';
import { DISTINCT_COLUMNS } from '../schema/match.ts';
import type { Dialect } from '../store/EventStore.ts';
import type { MatchDialect } from './matchDialect.ts';
import { MATCH_DIALECTS } from './matchDialect.ts';
import { matchPropName } from './matchPropName.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { param, rawSql, sql } from './SqlFragment.ts';

/** The column of `ev` holding the session a row belongs to (the engine provides it). */
export const SESSION_KEY_COLUMN = 'session_key';

export const AGGREGATE_NEEDS_WINDOWS =
  'aggregate conditions (count / distinct / sum over a session or visitor) need window functions, ' +
  'which ClickHouse 18.16 does not have, so they cannot be written as ClickHouse SQL ' +
  '(internal: the ClickHouse store evaluates them in JS, see aggregateAtoms.ts).';

const PARTITION: Record<Aggregate['scope'], string> = {
  visitor: 'visitor',
  session: `visitor, ${SESSION_KEY_COLUMN}`,
};

/** Allowlisted column text for `distinct: name | path`. */
const DISTINCT_COLUMN_SQL: Record<(typeof DISTINCT_COLUMNS)[number], string> = { name: 'name', path: 'path' };

/**
 * The SQL boolean for one aggregate; `rowSql` builds the conditions of the events it totals
 * (buildMatchSql, passed in to keep the two modules free of an import cycle).
 */
export function aggregateSql(aggregate: Aggregate, dialect: Dialect, rowSql: (m: RowMatch) => SqlFragment): SqlFragment {
  if (dialect === 'clickhouse') throw new Error(AGGREGATE_NEEDS_WINDOWS);
  const d = MATCH_DIALECTS[dialect];
  const window = rawSql(
    `OVER (PARTITION BY ${PARTITION[aggregate.scope]} ORDER BY ts RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`,
  );
  const threshold = d.number(aggregate.gte);
  if (aggregate.count !== undefined) {
    return sql`(count(CASE WHEN ${rowSql(aggregate.count)} THEN 1 END) ${window} >= ${threshold})`;
  }
  const of = aggregate.of;
  if (of === undefined) throw new Error('aggregate: distinct and sum need `of` (which events)');
  if (aggregate.distinct !== undefined) {
    const value = distinctValueSql(d, aggregate.distinct);
    return sql`(count(DISTINCT CASE WHEN ${rowSql(of)} THEN ${value} END) ${window} >= ${threshold})`;
  }
  if (aggregate.sum !== undefined) {
    const value = sumValueSql(d, aggregate.sum);
    // Rounded to 6 decimals: summation order (and so the last bits) differs between engines.
    return sql`(round(sum(CASE WHEN ${rowSql(of)} THEN ${value} END) ${window}, 6) >= ${threshold})`;
  }
  throw new Error('aggregate: give one of count, distinct, sum');
}

function distinctValueSql(d: MatchDialect, source: DistinctSource): SqlFragment {
  if (typeof source === 'string') return rawSql(DISTINCT_COLUMN_SQL[source]);
  if ('prop' in source) return d.propText(matchPropName(source.prop));
  // The event's first item: view_item carries one, and a window cannot count inside lists cheaply.
  return sql`json_extract_string(items, ${param(`$[0]."${matchPropName(source.item)}"`)})`;
}

function sumValueSql(d: MatchDialect, source: SumSource): SqlFragment {
  return source === 'value' ? rawSql('value') : d.propNumber(matchPropName(source.prop));
}
