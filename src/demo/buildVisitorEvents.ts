/**
 * One demo visitor's whole history: sessions, pages and the events on them. The visitor is given
 * the funnel level it must end at (1 = visit … 6 = purchase) and only ever sends step events up to
 * that level, in order, all within six days — so the 7-day sequential funnel counts it exactly at
 * that level however the extra browsing, intent pages, sign-ups and media events fall around it.
 */
import type { Random } from './createRandom.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import {
  CATALOG_PDF,
  CATEGORIES,
  CONTENT_PAGES,
  COUNTRIES,
  DEMO_ORIGIN,
  DEVICE_PROFILES,
  DIRECT_SOURCE,
  FIRST_VISIT_SOURCES,
  FREE_SHIPPING_FROM,
  LINE_IN_APP,
  PAYMENT_TYPES,
  PRODUCTS,
  SHIPPING_FEE,
  SHOP_NAME,
} from './demoShop.ts';
import type { ContentPage, DeviceProfile, Product, TrafficSource } from './demoShop.ts';
import { MINUTE, HOUR, pageFields, emit, cartFields, itemOf, json, uuid, placeVisit } from './demoSessionParts.ts';
import type { CartLine, SessionContext, Cursor } from './demoSessionParts.ts';

export type FunnelLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface VisitorInput {
  site: string;
  level: FunnelLevel;
  /** Events fall in [from, to). */
  from: number;
  to: number;
}


export function buildVisitorEvents(rng: Random, input: VisitorInput): StoredEvent[] {
  const { level } = input;
  const first = rng.weighted(FIRST_VISIT_SOURCES);
  const profile: DeviceProfile = first.key === 'line' ? LINE_IN_APP : rng.weighted(DEVICE_PROFILES);
  const country = rng.weighted(COUNTRIES);
  const visitor = uuid(rng);
  const reaches = planSessionReaches(rng, level);

  // Write sessions on a relative clock first, then place the whole visit in the period.
  const cart: CartLine[] = [];
  const events: StoredEvent[] = [];
  let t = 0;
  let reached: number = 0;
  reaches.forEach((reach, index) => {
    const source = index === 0 ? first : returnSource(rng, first);
    const cursor: Cursor = {
      rng,
      ctx: sessionContext(rng, input.site, visitor, source, profile, country),
      events,
      t,
      pageUrl: null,
      pageFields: null,
      product: null,
      cart,
    };
    writeSession(cursor, { reach, reachedBefore: reached, level });
    reached = Math.max(reached, reach);
    // Sessions are hours to 2.5 days apart: three sessions stay well inside the 7-day window.
    t = cursor.t + rng.int(2 * HOUR, 60 * HOUR);
  });

  const last = events.reduce((max, e) => Math.max(max, e.ts), 0);
  const start = placeVisit(rng, input.from, input.to - last - MINUTE);
  for (const event of events) {
    event.ts += start;
    event.received = event.ts + rng.int(20, 900);
  }
  return events;
}

/**
 * The furthest funnel step each session reaches, in order. Steps only move forward across
 * sessions (cart in one visit, checkout in the next), the last new step is the visitor's level,
 * and sessions after it only browse again.
 */
function planSessionReaches(rng: Random, level: FunnelLevel): number[] {
  const count =
    level === 1
      ? rng.weighted([[1, 85], [2, 15]] as const)
      : level === 2
        ? rng.weighted([[1, 65], [2, 28], [3, 7]] as const)
        : rng.weighted([[1, 45], [2, 40], [3, 15]] as const);
  const finalAt = rng.int(0, count - 1);
  const reaches: number[] = [];
  let prev = 1;
  for (let i = 0; i < count; i++) {
    if (i < finalAt) prev = rng.int(prev, Math.max(prev, level - 1));
    else if (i === finalAt) prev = level;
    reaches.push(i <= finalAt ? prev : rng.int(1, Math.min(level, 2)));
  }
  return reaches;
}

function returnSource(rng: Random, first: TrafficSource): TrafficSource {
  // LINE's in-app browser keeps its own cookies: that visitor only comes back through LINE.
  if (first.key === 'line') return first;
  const byKey = (key: string): TrafficSource =>
    FIRST_VISIT_SOURCES.find(([s]) => s.key === key)?.[0] ?? DIRECT_SOURCE;
  return rng.weighted([
    [DIRECT_SOURCE, 45],
    [byKey('google'), 20],
    [byKey('newsletter'), 15],
    [byKey('google_ads_brand'), 12],
    [byKey('instagram'), 8],
  ] as const);
}

function sessionContext(
  rng: Random,
  site: string,
  visitor: string,
  source: TrafficSource,
  profile: DeviceProfile,
  country: string,
): SessionContext {
  const gclid = source.gclid ? `Cj0KCQjw${rng.hex(24)}` : null;
  const query = new URLSearchParams();
  if (source.utm) {
    query.set('utm_source', source.utm.source);
    query.set('utm_medium', source.utm.medium);
    query.set('utm_campaign', source.utm.campaign);
    if (source.utm.content) query.set('utm_content', source.utm.content);
    if (source.utm.term) query.set('utm_term', source.utm.term);
  }
  if (gclid) query.set('gclid', gclid);
  return {
    source,
    landingQuery: query.size > 0 ? `?${query.toString()}` : '',
    base: {
      site,
      visitor,
      session: rng.hex(16),
      device: profile.device,
      browser: profile.browser,
      os: profile.os,
      country,
    },
  };
}

interface SessionGoal {
  /** Furthest funnel step this session performs. */
  reach: number;
  /** Furthest step of earlier sessions (their cart is still there). */
  reachedBefore: number;
  level: FunnelLevel;
}

function writeSession(c: Cursor, goal: SessionGoal): void {
  const { rng } = c;
  const { reach, reachedBefore, level } = goal;
  const mayViewProducts = level >= 2;
  const returnsToCart = reach >= 4 && reachedBefore >= 3 && rng.chance(0.6);

  // Landing page.
  if (returnsToCart) {
    viewPage(c, CONTENT_PAGES.cart, 'short');
    emit(c, 'view_cart', cartFields(c.cart));
  } else if (mayViewProducts && reach >= 2 && rng.chance(c.ctx.source.gclid ? 0.7 : 0.45)) {
    viewProduct(c, rng.pick(PRODUCTS));
  } else {
    landOnContent(c);
  }

  // Browse: a collection and a few products when this session reaches the product step.
  if (reach >= 2 && !returnsToCart) {
    const products = rng.weighted([[1, 40], [2, 35], [3, 18], [4, 7]] as const);
    if (rng.chance(0.6)) viewCollection(c, rng.pick(CATEGORIES).handle);
    for (let i = 0; i < products; i++) viewProduct(c, rng.pick(PRODUCTS));
    if (rng.chance(0.15)) viewPage(c, CONTENT_PAGES.faq, 'read');
  } else if (reach < 2 && !returnsToCart && rng.chance(0.45)) {
    const extra = rng.int(1, 3);
    for (let i = 0; i < extra; i++) browseNonProduct(c);
  }

  if (reach >= 3 && !returnsToCart) {
    if (reachedBefore < 3 || rng.chance(0.3)) addCurrentProductToCart(c);
    if (c.cart.length > 0 && rng.chance(0.25)) {
      viewProduct(c, rng.pick(PRODUCTS));
      if (rng.chance(0.5)) addCurrentProductToCart(c);
    }
    viewPage(c, CONTENT_PAGES.cart, 'short');
    emit(c, 'view_cart', cartFields(c.cart));
  }
  // Intent pages: shoppers checking shipping cost and FAQ before paying.
  if (reach >= 3 && rng.chance(0.3)) viewPage(c, rng.chance(0.6) ? CONTENT_PAGES.shipping : CONTENT_PAGES.faq, 'read');

  if (reach >= 4) {
    viewPage(c, CONTENT_PAGES.checkoutInfo, 'form');
    emit(c, 'begin_checkout', cartFields(c.cart));
  }
  const paymentType = rng.weighted(PAYMENT_TYPES);
  if (reach >= 5) {
    viewPage(c, CONTENT_PAGES.checkoutConfirm, 'short');
    emit(c, 'add_payment_info', { ...cartFields(c.cart), props: json({ payment_type: paymentType }) });
  }
  if (reach >= 6) {
    viewPage(c, CONTENT_PAGES.checkoutThanks, 'short');
    const fields = cartFields(c.cart);
    const shipping = (fields.value ?? 0) >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE;
    emit(c, 'purchase', {
      ...fields,
      props: json({ transaction_id: `KZ${rng.int(100000, 999999)}`, shipping, payment_type: paymentType }),
    });
    if (rng.chance(0.3)) emit(c, 'sign_up', { props: json({ method: 'checkout' }) });
    c.cart.length = 0;
  } else if (reach >= 4 && rng.chance(0.35)) {
    // Left the checkout: many look up shipping cost or payment methods first.
    viewPage(c, rng.chance(0.6) ? CONTENT_PAGES.shipping : CONTENT_PAGES.faq, 'read');
  }

  // Relationship micro-conversions from the footer and banners, on any kind of visit.
  if (rng.chance(0.03)) emit(c, 'newsletter_signup', { props: json({ method: 'newsletter', form: 'footer' }) });
  if (rng.chance(0.035)) emit(c, 'line_signup', { props: json({ method: 'add_friend_button' }) });
  if (rng.chance(0.015)) emit(c, 'sign_up', { props: json({ method: 'email' }) });
}

function landOnContent(c: Cursor): void {
  const { rng } = c;
  const where = rng.weighted([
    ['home', 45],
    ['collection', 30],
    ['journal', 10],
    ['faq', 5],
    ['shipping', 4],
    ['catalog', 4],
    ['about', 2],
  ] as const);
  if (where === 'collection') viewCollection(c, rng.pick(CATEGORIES).handle);
  else if (where === 'journal') viewJournal(c);
  else if (where === 'catalog') viewCatalog(c);
  else viewPage(c, CONTENT_PAGES[where], where === 'home' ? 'browse' : 'read');
}

function browseNonProduct(c: Cursor): void {
  const { rng } = c;
  const where = rng.weighted([
    ['collection', 45],
    ['home', 15],
    ['faq', 10],
    ['shipping', 10],
    ['about', 8],
    ['catalog', 6],
    ['journal', 6],
  ] as const);
  if (where === 'collection') viewCollection(c, rng.pick(CATEGORIES).handle);
  else if (where === 'catalog') viewCatalog(c);
  else if (where === 'journal') viewJournal(c);
  else viewPage(c, CONTENT_PAGES[where], 'read');
}

function viewCollection(c: Cursor, handle: string): void {
  const category = CATEGORIES.find((cat) => cat.handle === handle) ?? CATEGORIES[0];
  if (!category) return;
  viewPage(c, { path: `/collections/${category.handle}`, title: `${category.name} | ${SHOP_NAME}` }, 'browse', () => {
    const listed = PRODUCTS.filter((p) => p.category === category.handle);
    emit(c, 'view_item_list', {
      props: json({ item_list_id: category.handle, item_list_name: category.name }),
      items: json(listed.map((p, i) => ({ ...itemOf(p, 1), index: i }))),
    });
  });
}

function viewProduct(c: Cursor, product: Product): void {
  viewPage(c, { path: `/products/${product.handle}`, title: `${product.name} | ${SHOP_NAME}` }, 'product', () => {
    emit(c, 'view_item', { value: product.price, currency: 'JPY', items: json([itemOf(product, 1)]) });
    if (product.hasVideo && c.rng.chance(0.35)) watchVideo(c, `${product.name} 紹介動画`);
  });
  c.product = product;
}

function viewJournal(c: Cursor): void {
  viewPage(c, CONTENT_PAGES.journal, 'read', () => {
    if (c.rng.chance(0.4)) watchVideo(c, 'ほうじ茶の淹れ方（使い方動画）');
  });
}

function viewCatalog(c: Cursor): void {
  viewPage(c, CONTENT_PAGES.catalog, 'read', () => {
    if (c.rng.chance(0.55)) {
      c.t += c.rng.int(5_000, 40_000);
      emit(c, 'file_download', {
        props: json({ file_name: 'kitanozakka-catalog-2026.pdf', file_extension: 'pdf', link_url: CATALOG_PDF }),
      });
    }
  });
}

/** video_progress at 50% and, for some, at 100% (GTM's YouTube trigger milestones). */
function watchVideo(c: Cursor, title: string): void {
  const durationSeconds = c.rng.int(60, 180);
  c.t += c.rng.int(3_000, 20_000);
  c.t += (durationSeconds / 2) * 1000;
  emit(c, 'video_progress', { props: json({ percent: 50, video_title: title, video_duration: durationSeconds }) });
  if (c.rng.chance(0.55)) {
    c.t += (durationSeconds / 2) * 1000;
    emit(c, 'video_progress', { props: json({ percent: 100, video_title: title, video_duration: durationSeconds }) });
  }
}

function addCurrentProductToCart(c: Cursor): void {
  const product = c.product ?? c.rng.pick(PRODUCTS);
  const quantity = c.rng.chance(0.15) ? 2 : 1;
  c.t += c.rng.int(2_000, 15_000);
  emit(c, 'add_to_cart', { value: product.price * quantity, currency: 'JPY', items: json([itemOf(product, quantity)]) });
  const line = c.cart.find((l) => l.product.id === product.id);
  if (line) line.quantity += quantity;
  else c.cart.push({ product, quantity });
}

type Dwell = 'short' | 'browse' | 'read' | 'product' | 'form';

/** Seconds on a page and how far down it was scrolled; a few pages are "engaged" (≥ 2 min, ≥ 70%). */
function dwellOn(rng: Random, kind: Dwell): { seconds: number; scroll: number } {
  // About one visitor in four has an engaged page somewhere in the visit.
  const engaged = kind !== 'short' && kind !== 'form' && rng.chance(kind === 'browse' ? 0.03 : 0.065);
  if (engaged) return { seconds: rng.int(120, 420), scroll: rng.pick([75, 90, 100]) };
  const range: Record<Dwell, readonly [number, number]> = {
    short: [4, 40],
    browse: [5, 90],
    read: [10, 150],
    product: [10, 150],
    form: [60, 300],
  };
  const [lo, hi] = range[kind];
  const seconds = rng.int(lo, hi);
  // Long but shallow (a form, a tab left open) is not engaged: keep the two conditions apart.
  return { seconds, scroll: rng.pick(seconds >= 120 ? [10, 25, 50] : [10, 25, 25, 50, 50, 75, 90]) };
}

/** page_view on arrival, the page's own events, page_engagement when leaving. */
function viewPage(c: Cursor, page: ContentPage, kind: Dwell, onPage?: () => void): void {
  const { rng } = c;
  const isLanding = c.pageUrl === null;
  const url = `${DEMO_ORIGIN}${page.path}${isLanding ? c.ctx.landingQuery : ''}`;
  const referrer = isLanding ? c.ctx.source.referrer : c.pageUrl;
  c.t += isLanding ? 0 : rng.int(600, 4_000);
  const arrived = c.t;
  c.pageUrl = url;
  c.pageFields = pageFields(url, referrer, page.title);
  emit(c, 'page_view', {});
  c.t += rng.int(200, 1_500);
  onPage?.();
  const dwell = dwellOn(rng, kind);
  c.t = Math.max(c.t + 500, arrived + dwell.seconds * 1000);
  emit(c, 'page_engagement', {
    props: json({ engaged_seconds: Math.round((c.t - arrived) / 1000), scroll_depth: dwell.scroll }),
  });
}
