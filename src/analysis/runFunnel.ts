/**
 * One funnel report: resolve the funnel from the loaded config, count in the store, shape the
 * result. Asked-for extras (breakdown, trend, time to convert) come from one pass over the store's
 * per-unit results; the comparison counts the previous period of equal length as well.
 */
import type { EventStore, FunnelQuery } from '../store/EventStore.ts';
import { funnelBreakdownCounts, funnelBucketCounts } from '../store/funnelGroupCounts.ts';
import { breakdownAccumulator } from './breakdownFunnel.ts';
import { comparePeriods } from './comparePeriods.ts';
import { BadRequestError } from './errors.ts';
import type { ExtendedFunnelReport, TrendInterval } from './funnelExtrasReport.ts';
import { checkTrendSize, trendAccumulator } from './funnelTrend.ts';
import { normalizeLabel } from './normalizeLabel.ts';
import type { BreakdownChoice } from './parseBreakdown.ts';
import { previousRange } from './previousRange.ts';
import { parseDay, resolveFunnelQuery, type DayRange, type LoadedForFunnels } from './resolveFunnelQuery.ts';
import { shapeFunnel } from './shapeFunnel.ts';
import { addLevel } from './stepStats.ts';
import { timeToConvertAccumulator } from './timeToConvert.ts';
import type { UnitAccumulator } from './UnitAccumulator.ts';

export type { DayRange } from './resolveFunnelQuery.ts';

/** What to add to the report; nothing is added unless asked (the dashboard reads the plain report). */
export interface FunnelReportOptions {
  breakdown?: BreakdownChoice;
  /** Rows kept in the breakdown (default 20); the rest are merged into `others`. */
  breakdownLimit?: number;
  /** Adds `trend`: step rates per day, ISO week or month in the site's time zone. */
  interval?: TrendInterval;
  /** Adds `comparison` with the previous period of the same length (needs from and to). */
  compare?: 'previous';
  timeToConvert?: boolean;
}

/**
 * Counts `funnelId` on `siteId` over `range` and shapes it into rates and intervals.
 * Throws NotFoundError for an unknown site, funnel or step, BadRequestError for a bad range.
 */
export async function runFunnel(
  store: EventStore,
  loaded: LoadedForFunnels,
  siteId: string,
  funnelId: string,
  range: DayRange = {},
  options: FunnelReportOptions = {},
): Promise<ExtendedFunnelReport> {
  const resolved = resolveFunnelQuery(loaded, siteId, funnelId, range);
  const { site, funnel, steps, query } = resolved;
  const stepIds = steps.map((s) => s.id);

  // Checked before counting anything, so a bad request costs no query.
  const compare = options.compare === 'previous' ? previousPeriod(loaded, siteId, funnelId, range) : undefined;
  if (options.interval !== undefined && range.from !== undefined && range.to !== undefined) {
    checkTrendSize(parseDay(range.from, 'from'), parseDay(range.to, 'to'), options.interval);
  }

  const breakdown = options.breakdown
    ? breakdownAccumulator({ stepIds, dimension: options.breakdown.name, limit: options.breakdownLimit })
    : undefined;
  const trend = options.interval
    ? trendAccumulator({ stepIds, interval: options.interval, timeZone: site.timezone, ...range })
    : undefined;
  const timeToConvert = options.timeToConvert
    ? timeToConvertAccumulator({ stepIds, windowSeconds: funnel.window, order: resolved.order })
    : undefined;
  const accumulators: UnitAccumulator<unknown>[] = [];
  for (const acc of [breakdown, trend, timeToConvert]) if (acc) accumulators.push(acc);

  let counts: number[];
  if (accumulators.length === 0) {
    counts = await store.funnelCounts(query);
  } else if (breakdown && accumulators.length === 1 && options.breakdown) {
    // Only counts per value are needed: the store's aggregate path, no object per unit.
    const groups = await funnelBreakdownCounts(store, { ...query, breakdown: options.breakdown.dimension });
    counts = sumGroups(groups, stepIds.length);
    for (const [value, group] of groups) breakdown.addCounts(value, group);
  } else if (trend && accumulators.length === 1) {
    const groups = await funnelBucketCounts(store, query, trend.dayOf);
    counts = sumGroups(groups, stepIds.length);
    for (const [day, group] of groups) trend.addCounts(day, group);
  } else {
    // One pass serves the counts and every extra, so they always agree with each other.
    counts = new Array<number>(stepIds.length).fill(0);
    const units = options.breakdown ? { ...query, breakdown: options.breakdown.dimension } : query;
    await store.funnelUnits(units, (unit) => {
      addLevel(counts, unit.level);
      for (const acc of accumulators) acc.add(unit);
    });
  }

  const report: ExtendedFunnelReport = {
    site: siteId,
    funnel: funnelId,
    label: normalizeLabel(funnel.label ?? funnelId),
    window: funnel.window,
    from: range.from ?? null,
    to: range.to ?? null,
    ...shapeFunnel(counts, steps),
  };
  if (breakdown) report.breakdown = breakdown.result();
  if (trend) report.trend = trend.result();
  if (timeToConvert) report.timeToConvert = timeToConvert.result();
  if (compare) {
    const before = await store.funnelCounts(compare.query);
    report.comparison = comparePeriods({ ...compare.current, counts }, { ...compare.previous, counts: before }, stepIds);
  }
  return report;
}

/** Units reaching each step over all groups (each unit is in exactly one group). */
function sumGroups(groups: ReadonlyMap<unknown, readonly number[]>, steps: number): number[] {
  const counts = new Array<number>(steps).fill(0);
  for (const group of groups.values()) for (let k = 0; k < steps; k++) counts[k] = (counts[k] ?? 0) + (group[k] ?? 0);
  return counts;
}

/** The range and the one just before it with as many days; both ends are needed to know the length. */
function previousPeriod(
  loaded: LoadedForFunnels,
  siteId: string,
  funnelId: string,
  range: DayRange,
): { current: { from: string; to: string }; previous: { from: string; to: string }; query: FunnelQuery } {
  if (range.from === undefined || range.to === undefined) {
    throw new BadRequestError(
      'compare: comparing with the previous period needs both from and to, so that period has a length; give both (from=YYYY-MM-DD&to=YYYY-MM-DD, or --from and --to).',
      'compare: 前の期間と比べるには from と to の両方が必要です（期間の長さを決めるため）。両方を指定してください（from=YYYY-MM-DD&to=YYYY-MM-DD、または --from と --to）。',
    );
  }
  const previous = previousRange(range.from, range.to);
  return {
    current: { from: range.from, to: range.to },
    previous,
    query: resolveFunnelQuery(loaded, siteId, funnelId, previous).query,
  };
}
