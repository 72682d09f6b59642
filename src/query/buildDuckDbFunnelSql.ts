import type { FunnelQuery } from '../store/EventStore.ts';
import { SESSION_KEY_COLUMN } from './aggregateSql.ts';
import { buildMatchSql } from './buildMatchSql.ts';
import { buildStepMaskSql } from './buildStepMaskSql.ts';
import { propNameSchema } from '../schema/match.ts';
import { EXCLUSION_BIT, STEP_CODE_SCALE } from './funnelCodes.ts';
import { BREAKDOWN_COLUMNS } from './funnelQuerySchema.ts';
import { sessionizeEventsSql } from './sessionizeEventsSql.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { joinSql, param, rawSql, sql } from './SqlFragment.ts';

const SESSION_KEY_PATTERN = new RegExp(`\\b${SESSION_KEY_COLUMN}\\b`);

export interface DuckDbFunnelSqlOptions {
  /** Add `visitor` (and `session_key` for sessions): funnelUnits and per-unit tests need them. */
  withIds?: boolean;
  /** Add what the query's breakdown needs (`firsts`, `landing`, `first_ms`); implies withIds. */
  withBreakdown?: boolean;
}

/**
 * DuckDB half of the funnel engine: one row per counted unit (visitor, or visitor + session) with
 * a list of codes (funnelCodes.ts: whole seconds, step bits, exclusion bit) for the unit's events
 * in the range that match a step or an exclusion. The lists come unordered; the caller sorts and
 * runs the state machine. A hash aggregate over the unit is much cheaper than sorting every event
 * by (unit, time), and only matching events leave the scan.
 *
 * Columns, by name: `codes` (DOUBLE[]), `seen` (the OR of the step bits: a unit that never matched
 * step 2 is at level 1 or 0 whatever the order, so its list need not be read); with ids `visitor`
 * and for sessions `session_key`; with a breakdown:
 * - `firsts`: the unit's step-0 events as {ms, v} (v the dimension on that event, NULL for
 *   visitorType), from which the caller picks the counted attempt's first step;
 * - `landing` (landing_page): the path of the unit's earliest event in the range that has a path
 *   (ties: the smallest path), over ALL its events, matching or not;
 * - `first_ms` (visitorType): the visitor's earliest event on the site, in the whole store.
 *
 * Only units with at least one step-matching event are returned.
 */
export function buildDuckDbFunnelSql(query: FunnelQuery, options: DuckDbFunnelSqlOptions = {}): SqlFragment {
  const session = query.unit === 'session';
  const breakdown = options.withBreakdown ? query.breakdown : undefined;
  const withIds = options.withIds === true || breakdown !== undefined;
  const mask = buildStepMaskSql(query.steps, 'duckdb');
  const exclusions = query.exclusions ?? [];
  const excluded =
    exclusions.length === 0
      ? null
      : sql`CASE WHEN ${joinSql(
          exclusions.map((m) => buildMatchSql(m, 'duckdb')),
          ' OR ',
        )} THEN ${rawSql(String(EXCLUSION_BIT))} ELSE 0 END`;
  // Session-scoped aggregate conditions (aggregateSql.ts) partition by session_key; computing it
  // costs a sort, so only then or for session units.
  const needsSessionKey = session || SESSION_KEY_PATTERN.test(mask.sql + (excluded?.sql ?? ''));
  const ev = sessionizeEventsSql(query, needsSessionKey);

  const landing = breakdown !== undefined && 'column' in breakdown && breakdown.column === 'landing_page';
  const dimension = breakdown === undefined || landing ? null : dimensionSql(breakdown);
  const unitColumns = session ? 'visitor, session_key' : 'visitor';

  const inner = sql`SELECT ${rawSql(unitColumns)}, ts, ${mask} AS m${excluded ? sql`, ${excluded} AS x` : rawSql('')}${
    dimension ? sql`, ${dimension} AS b` : rawSql('')
  }${landing ? rawSql(', path') : rawSql('')} FROM ${ev} AS ev`;
  const relevant = excluded ? 'm <> 0 OR x <> 0' : 'm <> 0';
  const code = `CAST((epoch_ms(ts) // 1000) * ${STEP_CODE_SCALE} + m${excluded ? ' + x' : ''} AS DOUBLE)`;
  // landing_page reads every event of the unit, so the filter moves into the aggregates.
  const columns = [
    landing ? `list(${code}) FILTER (WHERE ${relevant}) AS codes` : `list(${code}) AS codes`,
    'CAST(bit_or(m) AS INTEGER) AS seen',
    ...(withIds ? [unitColumns] : []),
    ...(dimension ? ['list(struct_pack(ms := CAST(epoch_ms(ts) AS DOUBLE), v := b)) FILTER (WHERE (m & 1) <> 0) AS firsts'] : []),
    ...(landing ? ['arg_min(path, struct_pack(t := ts, p := path)) FILTER (WHERE path IS NOT NULL) AS landing'] : []),
  ];
  const units = sql`SELECT ${rawSql(columns.join(',\n  '))}
FROM (${inner}) AS e${rawSql(landing ? '' : `\nWHERE ${relevant}`)}
GROUP BY ${rawSql(unitColumns)}${rawSql(landing || excluded ? '\nHAVING bit_or(m) <> 0' : '')}`;
  if (breakdown === undefined || !('visitorType' in breakdown)) return units;
  return sql`SELECT u.*, f.first_ms FROM (${units}) AS u
LEFT JOIN (SELECT visitor AS first_visitor, CAST(min(epoch_ms(ts)) AS DOUBLE) AS first_ms FROM events WHERE site = ${param(query.site)} GROUP BY visitor) AS f
ON u.visitor = f.first_visitor`;
}

/** The breakdown value on one event, as text. Names reach SQL text: re-checked here, not trusted. */
function dimensionSql(breakdown: NonNullable<FunnelQuery['breakdown']>): SqlFragment {
  if ('column' in breakdown) {
    if (!(BREAKDOWN_COLUMNS as readonly string[]).includes(breakdown.column)) {
      throw new Error(`internal: unexpected breakdown column ${JSON.stringify(breakdown.column)}`);
    }
    return rawSql(`CAST(${breakdown.column} AS VARCHAR)`);
  }
  if ('prop' in breakdown) {
    const name = propNameSchema.parse(breakdown.prop);
    return sql`json_extract_string(props, ${param(`$."${name}"`)})`;
  }
  return rawSql('CAST(NULL AS VARCHAR)');
}
