/**
 * The three funnel questions `npm run bench` times on every engine (issue 3 "Speed"): the 6-step
 * funnel, the same broken down by channel (taken at the counted attempt's first step), and a
 * weekly trend (units bucketed by the UTC Monday-based week of their first step). Results are
 * plain records so the engines' answers can be compared with toEqual / JSON.
 */
import type { EventStore } from '../src/store/EventStore.ts';
import { funnelBreakdownCounts, funnelBucketCounts } from '../src/store/funnelGroupCounts.ts';
import { benchFunnelQuery } from './generateBenchEvents.ts';

/** Per key (channel, or the week's Monday as YYYY-MM-DD): units reaching each step. */
export type SlicedCounts = Record<string, number[]>;

const WEEK_SECONDS = 7 * 86_400;
/** 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday. */
const MONDAY_SHIFT_SECONDS = 3 * 86_400;

/** Monday-based week number of `seconds` (week 0 began on Monday 1969-12-29). */
export function weekNumber(seconds: number): number {
  return Math.floor((seconds + MONDAY_SHIFT_SECONDS) / WEEK_SECONDS);
}

/** The Monday (UTC, YYYY-MM-DD) of a week number. */
export function weekLabel(week: number): string {
  return new Date((week * WEEK_SECONDS - MONDAY_SHIFT_SECONDS) * 1000).toISOString().slice(0, 10);
}

/** The Monday (UTC, YYYY-MM-DD) of the week holding `seconds`. */
export function weekOf(seconds: number): string {
  return weekLabel(weekNumber(seconds));
}

/** Adds `units` units at `level` to `key`'s cumulative counts (level ≥ 1 only). */
export function addToSlice(slices: SlicedCounts, key: string, level: number, steps: number, units = 1): void {
  let counts = slices[key];
  if (!counts) {
    counts = new Array<number>(steps).fill(0);
    slices[key] = counts;
  }
  for (let k = 0; k < level; k++) counts[k] = (counts[k] ?? 0) + units;
}

/** What the questions need of a store: funnelUnits, and the aggregate paths when it has them. */
export type BenchStore = Pick<EventStore, 'funnelUnits'> & Partial<Pick<EventStore, 'funnelBreakdownCounts' | 'funnelBucketCounts'>>;

/** Funnel counts by channel, through the store's aggregate path (funnelUnits when it has none). */
export async function funnelByChannel(store: BenchStore): Promise<SlicedCounts> {
  const query = { ...benchFunnelQuery(), breakdown: { column: 'channel' as const } };
  const slices: SlicedCounts = {};
  for (const [value, counts] of await funnelBreakdownCounts(store, query)) slices[value ?? '(none)'] = counts;
  return sorted(slices);
}

/** Funnel counts by week of the counted attempt's first step, through the aggregate path likewise. */
export async function weeklyTrend(store: BenchStore): Promise<SlicedCounts> {
  // Per week number first: formatting a date per unit would cost more than the funnel.
  const byWeek = await funnelBucketCounts(store, benchFunnelQuery(), weekNumber);
  const slices: SlicedCounts = {};
  for (const [week, counts] of byWeek) slices[weekLabel(week)] = counts;
  return sorted(slices);
}

/** Same record with keys in order, so JSON comparisons do not depend on arrival order. */
export function sorted(slices: SlicedCounts): SlicedCounts {
  return Object.fromEntries(Object.entries(slices).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
