/**
 * The article's shop, exactly: over the last four weeks 1000 visitors → 800 product detail →
 * 240 add to cart → 72 checkout info → 54 confirm → 27 purchases in the `purchase` funnel
 * (7-day window, per visitor, sequential), with realistic browsing, traffic sources, devices,
 * engagement, sign-ups and media events around it that never move a visitor's funnel level.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import { createRandom } from './createRandom.ts';
import { buildVisitorEvents } from './buildVisitorEvents.ts';
import type { FunnelLevel } from './buildVisitorEvents.ts';
import { DEMO_SITE } from './demoShop.ts';
import { zonedDayStart } from '../analysis/zonedDayStart.ts';

const DEMO_TIMEZONE = 'Asia/Tokyo';

/** Visitors reaching each step of the article's example (数値例): 80%, 30%, 30%, 75%, 50%. */
export const ARTICLE_FUNNEL_COUNTS = [1000, 800, 240, 72, 54, 27] as const;

/**
 * The demo covers the last 28 calendar days in the demo site's zone (Asia/Tokyo), today included: the
 * article's "at least 2–4 weeks" of data, and exactly what the dashboard's default range shows.
 */
export const DEMO_DAYS = 28;

export interface DemoOptions {
  site?: string;
  /** End of the period (exclusive), ms since the epoch. */
  now?: number;
  seed?: number;
}

export function generateDemoEvents({ site = DEMO_SITE, now = Date.now(), seed = 1 }: DemoOptions = {}): StoredEvent[] {
  const rng = createRandom(seed);
  const from = firstDemoDayStart(now);
  const levels = rng.shuffle(levelsFromCounts(ARTICLE_FUNNEL_COUNTS));
  const events = levels.flatMap((level) => buildVisitorEvents(rng, { site, level, from, to: now }));
  return events.sort((a, b) => a.ts - b.ts);
}

/** [1000, 800, …] (reached at least) → one exact level per visitor: 200×1, 560×2, … */
export function levelsFromCounts(counts: readonly number[]): FunnelLevel[] {
  const levels: FunnelLevel[] = [];
  counts.forEach((reached, index) => {
    const exactly = reached - (counts[index + 1] ?? 0);
    for (let i = 0; i < exactly; i++) levels.push((index + 1) as FunnelLevel);
  });
  return levels;
}

/** 00:00 in Asia/Tokyo of the day 27 days before `now`'s local date. */
function firstDemoDayStart(now: number): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: DEMO_TIMEZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const [y, m, d] = parts.split('-').map(Number);
  return zonedDayStart(y ?? 1970, m ?? 1, (d ?? 1) - (DEMO_DAYS - 1), DEMO_TIMEZONE);
}
