/**
 * Step rates per day, ISO week (Monday first) or month, cut in the site's time zone. A unit counts
 * in the bucket of its first step (`reachedAt[0]`), with every step it went on to reach — a cohort
 * view: a visitor who viewed on Sunday night and bought on Monday is one of Sunday's buyers, so a
 * bucket's rates never mix two groups of visitors.
 */
import type { FunnelUnit } from '../store/EventStore.ts';
import { BadRequestError } from './errors.ts';
import type { FunnelTrend, TrendBucket, TrendInterval } from './funnelExtrasReport.ts';
import { createLocalDayLookup } from './createLocalDayLookup.ts';
import { dateFromEpochDay, epochDayFromDate, isoWeekLabel, isoWeekStart, monthStart, nextMonthStart } from './epochDay.ts';
import { addLevel, stepStats } from './stepStats.ts';
import { foldUnits, type UnitAccumulator } from './UnitAccumulator.ts';

export interface TrendOptions {
  stepIds: readonly string[];
  interval: TrendInterval;
  timeZone: string;
  /** The asked range (YYYY-MM-DD, inclusive): buckets cover it, empty ones included. When open, the data's first/last day. */
  from?: string;
  to?: string;
}

/** More buckets than this is a chart nobody can read (three years of days). */
export const MAX_TREND_BUCKETS = 1100;

/** Also takes counts already grouped by local day (EventStore.funnelBucketCounts with `dayOf`). */
export interface TrendAccumulator extends UnitAccumulator<FunnelTrend> {
  /** The local day (epoch days) of a first step at `firstStepSeconds`; NaN when that is not a time. */
  dayOf(firstStepSeconds: number): number;
  /** Adds `counts` (units reaching each step) to `day`; a NaN day (no first step) is skipped, as in add. */
  addCounts(day: number, counts: readonly number[]): void;
}

/** Streaming form for EventStore.funnelUnits; units that never reached the first step are skipped. */
export function trendAccumulator(options: TrendOptions): TrendAccumulator {
  const n = options.stepIds.length;
  const localDay = createLocalDayLookup(options.timeZone);
  const byDay = new Map<number, number[]>();
  const row = (day: number): number[] => {
    let counts = byDay.get(day);
    if (!counts) {
      counts = new Array<number>(n).fill(0);
      byDay.set(day, counts);
    }
    return counts;
  };
  const dayOf = (first: number): number => (Number.isFinite(first) ? localDay(first * 1000) : NaN);
  return {
    add(unit) {
      const day = dayOf(unit.reachedAt[0] ?? NaN);
      if (unit.level < 1 || Number.isNaN(day)) return;
      addLevel(row(day), unit.level);
    },
    dayOf,
    addCounts(day, counts) {
      if (Number.isNaN(day) || (counts[0] ?? 0) < 1) return;
      const into = row(day);
      for (let k = 0; k < n; k++) into[k] = (into[k] ?? 0) + (counts[k] ?? 0);
    },
    result() {
      const days = [...byDay.keys()];
      const from = options.from === undefined ? Math.min(...days) : epochDayFromDate(options.from);
      const to = options.to === undefined ? Math.max(...days) : epochDayFromDate(options.to);
      const buckets: TrendBucket[] = [];
      if (!Number.isFinite(from) || !Number.isFinite(to)) return { interval: options.interval, timezone: options.timeZone, buckets };
      checkTrendSize(from, to, options.interval);
      for (let start = bucketStart(from, options.interval); start <= to; ) {
        const next = nextBucketStart(start, options.interval);
        const counts = new Array<number>(n).fill(0);
        for (let day = Math.max(start, from); day < next && day <= to; day++) {
          byDay.get(day)?.forEach((c, k) => (counts[k] = (counts[k] ?? 0) + c));
        }
        buckets.push({
          label: bucketLabel(start, options.interval),
          start: dateFromEpochDay(start),
          end: dateFromEpochDay(next - 1),
          partial: (options.from !== undefined && start < from) || (options.to !== undefined && next - 1 > to),
          ...stepStats(counts, options.stepIds),
        });
        start = next;
      }
      return { interval: options.interval, timezone: options.timeZone, buckets };
    },
  };
}

/** @example funnelTrend(units, { stepIds, interval: 'week', timeZone: 'Asia/Tokyo' }).buckets[0].label // '2026-W45' */
export function funnelTrend(units: Iterable<FunnelUnit>, options: TrendOptions): FunnelTrend {
  return foldUnits(units, trendAccumulator(options));
}

/** Throws BadRequestError when from…to (epoch days) makes more than MAX_TREND_BUCKETS buckets. */
export function checkTrendSize(from: number, to: number, interval: TrendInterval): void {
  const approx = Math.floor((to - from) / { day: 1, week: 7, month: 28 }[interval]) + 1;
  if (approx <= MAX_TREND_BUCKETS) return;
  throw new BadRequestError(
    `interval: a ${interval} trend over ${dateFromEpochDay(from)} … ${dateFromEpochDay(to)} has about ${approx} buckets (at most ${MAX_TREND_BUCKETS}); use a longer interval or a shorter from/to.`,
    `interval: ${dateFromEpochDay(from)} 〜 ${dateFromEpochDay(to)} を ${interval} 単位にすると約 ${approx} 区間になります（上限 ${MAX_TREND_BUCKETS}）。より長い単位にするか、from/to で期間を短くしてください。`,
  );
}

function bucketStart(day: number, interval: TrendInterval): number {
  if (interval === 'week') return isoWeekStart(day);
  if (interval === 'month') return monthStart(day);
  return day;
}

function nextBucketStart(start: number, interval: TrendInterval): number {
  if (interval === 'week') return start + 7;
  if (interval === 'month') return nextMonthStart(start);
  return start + 1;
}

function bucketLabel(start: number, interval: TrendInterval): string {
  if (interval === 'week') return isoWeekLabel(start);
  if (interval === 'month') return dateFromEpochDay(start).slice(0, 7);
  return dateFromEpochDay(start);
}
