import type { FunnelQuery } from '../store/EventStore.ts';
import { buildStepMaskSql } from './buildStepMaskSql.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { param, rawSql, sql } from './SqlFragment.ts';

/** ClickHouse keeps windowFunnel's times in Int32 with -1 for "not reached": stay below 2^31. */
const MAX_SCALED_TIME = 2 ** 31 - 1;

/**
 * Longest span of event times (seconds from the base) buildClickHouseFunnelSql can evaluate for
 * `stepCount` steps; an adapter can check a range against it first and say so in words, rather
 * than surface ClickHouse's "Value passed to 'throwIf' function is non zero".
 */
export function maxClickHouseFunnelSpanSeconds(stepCount: number): number {
  return Math.floor((MAX_SCALED_TIME - (stepCount - 1)) / stepCount);
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * Per-visitor funnel levels on ClickHouse (18.16 and later), `visitor, level` rows, for a plain
 * `sequential` funnel (anything else goes through funnelClickHouseListsSql.ts and the JS
 * machines), with the semantics of DESIGN.md — which raw `windowFunnel(w)(ts, cond1, …)` does
 * NOT quite have: it adds a row matching several conditions highest step first and sorts by time
 * only (stably), so one event cannot be two consecutive steps, and equal times are taken in
 * storage order.
 *
 * So each event becomes one row per step it matches (ARRAY JOIN), and the time handed to
 * windowFunnel is `(seconds - base) * S + step` with S the step count: sorting by it is sorting by
 * (time, step), no two different keys tie, and a window of `w * S + S - 1` accepts exactly the
 * chains whose seconds are at most `w` apart (S·Δ + Δstep ≤ S·w + S - 1 ⇔ Δ ≤ w, as 0 ≤ step < S).
 * `base` is the range start (or the site's first event), keeping the scaled time below 2^31; a
 * range too long for that (about 2^31 / S seconds: 11 years at 6 steps, 3.4 at 20) raises an error.
 *
 * Columns used: site, ts (DateTime or UInt32 seconds), name, visitor, path, props.
 */
export function buildClickHouseFunnelSql(query: FunnelQuery, table: string): SqlFragment {
  if (!TABLE_NAME.test(table)) throw new Error(`internal: unexpected table name ${JSON.stringify(table)}`);
  const beyond = beyondWindowFunnel(query);
  if (beyond) {
    throw new Error(`windowFunnel on ClickHouse 18.16 cannot evaluate ${beyond}: use buildClickHouseFunnelListsSql (funnelClickHouseListsSql.ts)`);
  }
  const steps = query.steps.length;
  const window = Math.floor(query.windowSeconds);
  if (!Number.isSafeInteger(window) || window < 1) throw new Error(`window must be a positive number of seconds`);
  const mask = buildStepMaskSql(query.steps, 'clickhouse');
  const range = sql`${query.from === undefined ? rawSql('') : sql` AND toUInt32(ts) * 1000 >= ${param(query.from)}`}${
    query.to === undefined ? rawSql('') : sql` AND toUInt32(ts) * 1000 < ${param(query.to)}`
  }`;
  const base =
    query.from === undefined
      ? sql`(SELECT toUInt32(min(ts)) FROM ${rawSql(table)} WHERE site = ${param(query.site)})`
      : rawSql(String(Math.floor(query.from / 1000)));
  const conditions = Array.from({ length: steps }, (_, k) => `s = ${k}`).join(', ');
  const scaledWindow = window * steps + steps - 1;
  return sql`SELECT visitor, windowFunnel(${rawSql(String(scaledWindow))})(toUInt32(t), ${rawSql(conditions)}) AS level
FROM (
  SELECT visitor, arrayJoin(arrayFilter(i -> bitTest(m, i), range(${rawSql(String(steps))}))) AS s,
    (toUInt32(ts) - ${base}) * ${rawSql(String(steps))} + s AS t
  FROM (SELECT visitor, ts, ${mask} AS m FROM ${rawSql(table)} WHERE site = ${param(query.site)}${range})
  WHERE m != 0 AND throwIf(t < 0 OR t > ${rawSql(String(MAX_SCALED_TIME))}) = 0
)
GROUP BY visitor`;
}

/** What in `query` raw windowFunnel cannot do, in words; null when it is a plain sequential funnel. */
function beyondWindowFunnel(query: FunnelQuery): string | null {
  if ((query.order ?? 'sequential') !== 'sequential') return `order ${query.order}`;
  if ((query.unit ?? 'visitor') !== 'visitor') return 'sessions';
  if (query.stepWindows?.some((w) => w !== null)) return 'per-step windows';
  if ((query.exclusions?.length ?? 0) > 0) return 'exclusions';
  return null;
}
