/**
 * The pieces every demo session is written with: the cursor a session is built in, the event
 * columns a page contributes (derived with the collector's own functions), and small helpers for
 * ids, cart lines and visit times. buildVisitorEvents.ts decides what happens; this file writes it.
 */
import type { Random } from './createRandom.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import { blankStoredEvent } from '../schema/storedEvent.ts';
import { classifyChannel } from '../collect/classifyChannel.ts';
import { readEventUrl, readReferrerHost } from '../collect/readEventUrl.ts';
import { CATEGORIES, DEMO_ORIGIN, HOUR_WEIGHTS_JST, SHOP_NAME } from './demoShop.ts';
import type { Product, TrafficSource } from './demoShop.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
const JST_OFFSET = 9 * HOUR;

export interface CartLine {
  product: Product;
  quantity: number;
}

/** What every event of one session shares: who, how they came, on what. */
export interface SessionContext {
  base: Pick<StoredEvent, 'site' | 'visitor' | 'session' | 'device' | 'browser' | 'os' | 'country'>;
  source: TrafficSource;
  /** Landing URL query (UTM tags, gclid), only on the first page. */
  landingQuery: string;
}

export type PageFields = Pick<
  StoredEvent,
  'url' | 'path' | 'referrer' | 'title' | 'channel' | 'utm_source' | 'utm_medium' | 'utm_campaign' | 'utm_content' | 'utm_term' | 'gclid'
>;

/** Mutable state while one session is written. */
export interface Cursor {
  rng: Random;
  ctx: SessionContext;
  events: StoredEvent[];
  t: number;
  /** URL of the page being viewed, the next page's referrer. */
  pageUrl: string | null;
  /** Page columns copied onto every event sent from that page. */
  pageFields: PageFields | null;
  /** Product of the last product page, for add_to_cart. */
  product: Product | null;
  cart: CartLine[];
}

const OWN_HOSTS = [new URL(DEMO_ORIGIN).hostname];

/**
 * URL, referrer and the columns collect derives from them, with collect's own functions: like the
 * collector, only the landing page (UTM tags, external referrer) has a channel other than direct.
 */
export function pageFields(url: string, referrer: string | null, title: string): PageFields {
  const parts = readEventUrl(url);
  return {
    url,
    path: parts.path,
    referrer,
    title,
    channel: classifyChannel({
      referrerHost: readReferrerHost(referrer ?? undefined),
      ownHosts: OWN_HOSTS,
      utmSource: parts.utm_source,
      utmMedium: parts.utm_medium,
      paidSearchClick: parts.paidSearchClick,
    }),
    utm_source: parts.utm_source,
    utm_medium: parts.utm_medium,
    utm_campaign: parts.utm_campaign,
    utm_content: parts.utm_content,
    utm_term: parts.utm_term,
    gclid: parts.gclid,
  };
}

export function emit(c: Cursor, name: string, fields: Partial<StoredEvent>): void {
  c.t += c.rng.int(50, 400);
  const event: StoredEvent = {
    ...blankStoredEvent({ id: uuid(c.rng), site: c.ctx.base.site, ts: c.t, name, visitor: c.ctx.base.visitor }),
    ...c.ctx.base,
    ...c.pageFields,
    ...fields,
  };
  c.events.push(event);
}

export function cartFields(cart: readonly CartLine[]): Partial<StoredEvent> {
  const value = cart.reduce((sum, l) => sum + l.product.price * l.quantity, 0);
  return { value, currency: 'JPY', items: json(cart.map((l) => itemOf(l.product, l.quantity))) };
}

export function itemOf(p: Product, quantity: number): Record<string, string | number> {
  return {
    item_id: p.id,
    item_name: p.name,
    item_category: CATEGORIES.find((cat) => cat.handle === p.category)?.name ?? p.category,
    item_brand: SHOP_NAME,
    price: p.price,
    quantity,
  };
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}

export function uuid(rng: Random): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A start time in [from, latest] following the Japanese day rhythm (evening peak). */
export function placeVisit(rng: Random, from: number, latest: number): number {
  if (latest <= from) return from;
  const maxWeight = Math.max(...HOUR_WEIGHTS_JST);
  for (;;) {
    const t = from + Math.floor(rng.next() * (latest - from));
    const hour = new Date(t + JST_OFFSET).getUTCHours();
    if (rng.next() * maxWeight < (HOUR_WEIGHTS_JST[hour] ?? 0)) return t;
  }
}
