/**
 * Events shaped like a shop's real traffic, for measuring `append`: UUID ids, full URLs, user-agent
 * fields filled, and the sparse columns (referrer, UTM, gclid, props, items, value) mostly null in
 * the proportions a collector sees. Seeded, so every run appends the same rows.
 */
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { createRandom } from '../../demo/createRandom.ts';

export interface RealisticEventsOptions {
  site?: string;
  /** Time of the first event, ms since the epoch; events follow ~50 ms apart. */
  start?: number;
  seed?: number;
}

const NAMES = ['page_view', 'page_view', 'page_view', 'view_item', 'view_item', 'add_to_cart', 'begin_checkout', 'purchase'];
const PATHS = ['/', '/collections/tea', '/products/hojicha', '/products/kettle', '/cart', '/checkout', '/faq'];
const CHANNELS = ['direct', 'organic_search', 'paid_search', 'social', 'email'] as const;
const DEVICES = ['mobile', 'mobile', 'desktop', 'tablet'] as const;
const BROWSERS = ['Mobile Safari', 'Chrome', 'Chrome', 'Edge', 'Firefox'];
const OSES = ['iOS', 'Android', 'Windows', 'macOS'];
const COUNTRIES = ['JP', 'JP', 'JP', 'US', 'TW', 'KR'];

/** `count` events for one site, in time order. */
export function generateRealisticEvents(count: number, options: RealisticEventsOptions = {}): StoredEvent[] {
  const site = options.site ?? 'shop';
  const start = options.start ?? Date.UTC(2025, 5, 1);
  // The project's one seeded PRNG (mulberry32), so a seed gives the same data everywhere.
  const rand = createRandom((options.seed ?? 1)).next;
  const hex = (digits: number): string => {
    let out = '';
    while (out.length < digits) out += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, digits);
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

  const events: StoredEvent[] = [];
  let ts = start;
  for (let i = 0; i < count; i++) {
    ts += Math.floor(rand() * 100);
    const name = pick(NAMES);
    const path = pick(PATHS);
    const u = hex(32);
    const paid = rand() < 0.2;
    const sold = name === 'purchase';
    const withItems = sold || name === 'add_to_cart';
    events.push({
      id: `${u.slice(0, 8)}-${u.slice(8, 12)}-4${u.slice(13, 16)}-a${u.slice(17, 20)}-${u.slice(20)}`,
      site,
      ts,
      name,
      visitor: hex(16),
      session: hex(16),
      url: `https://shop.example.jp${path}${paid ? '?utm_source=google&utm_medium=cpc' : ''}`,
      path,
      referrer: rand() < 0.3 ? 'https://www.google.com/' : null,
      title: `${path === '/' ? 'Home' : path.slice(1)} | Example Tea Shop`,
      channel: paid ? 'paid_search' : pick(CHANNELS),
      utm_source: paid ? 'google' : null,
      utm_medium: paid ? 'cpc' : null,
      utm_campaign: paid ? 'summer_sale' : null,
      utm_content: null,
      utm_term: null,
      gclid: paid && rand() < 0.5 ? hex(24) : null,
      device: pick(DEVICES),
      browser: pick(BROWSERS),
      os: pick(OSES),
      country: pick(COUNTRIES),
      props: rand() < 0.1 ? '{"plan":"gold","coupon":"SUMMER"}' : null,
      value: sold ? 4980 : null,
      currency: sold ? 'JPY' : null,
      items: withItems ? '[{"item_id":"hojicha-100","price":1980,"quantity":2}]' : null,
      received: ts + 40,
    });
  }
  return events;
}
