/**
 * The source article's example, end to end through each store engine (embedded DuckDB, then a
 * real ClickHouse): 1000 visitors → 800 see a
 * product page → 240 add to cart → 72 start the info form → 54 reach the confirm page → 27 buy,
 * i.e. 80 %, 30 %, 30 %, 75 %, 50 % and 2.7 % overall; the same unit by unit through funnelUnits
 * (levels and reached times). Then hand-computed edge cases of the
 * funnel semantics (DESIGN.md): window edges, equal timestamps, repeated attempts, one event
 * matching two steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFunnel } from '../src/analysis/runFunnel.ts';
import { configSchema } from '../src/schema/config.ts';
import type { Site } from '../src/schema/config.ts';
import { blankStoredEvent } from '../src/schema/storedEvent.ts';
import type { StoredEvent } from '../src/schema/storedEvent.ts';
import type { EventStore, FunnelQuery } from '../src/store/EventStore.ts';
import { storeEngines, type OpenedEngine } from './helpers/storeEngines.ts';

const config = configSchema.parse({
  sites: [{ id: 'tea-shop', timezone: 'Asia/Tokyo' }],
  microConversions: [
    { id: 'visit', label: { en: 'Visit', ja: '訪問' }, match: { event: 'page_view' } },
    { id: 'product_detail', match: { event: 'page_view', path: '/products/*' } },
    { id: 'add_to_cart', match: { event: 'add_to_cart' } },
    { id: 'info_form', match: { event: 'begin_checkout' } },
    { id: 'confirm', match: { event: 'page_view', path: '/checkout/confirm' } },
    { id: 'purchase', match: { event: 'purchase' } },
  ],
  funnels: [
    {
      id: 'article',
      label: { en: 'Article funnel', ja: '記事のファネル' },
      steps: ['visit', 'product_detail', 'add_to_cart', 'info_form', 'confirm', 'purchase'],
      window: '7d',
    },
  ],
});
const loaded = { config, sites: new Map<string, Site>(config.sites.map((s) => [s.id, s])) };

/** November 2026, Tokyo time: 2026-11-01 00:00 JST. */
const NOV_1_JST = Date.UTC(2026, 9, 31, 15);
const HOUR = 3_600_000;

let seq = 0;
function ev(visitor: string, ts: number, name: string, pathName: string | null, site = 'tea-shop'): StoredEvent {
  seq += 1;
  return { ...blankStoredEvent({ id: `a${seq}`, site, ts, name, visitor }), path: pathName };
}

/** The events of one visitor who gets `level` steps down the article's funnel, a minute apart. */
function journey(visitor: string, level: number, start: number, site = 'tea-shop'): StoredEvent[] {
  const out: StoredEvent[] = [];
  let t = start;
  const next = (name: string, p: string | null): void => {
    out.push(ev(visitor, t, name, p, site));
    t += 60_000;
  };
  // Odd visitors land on a product page: one event that is both `visit` and `product_detail`.
  const landsOnProduct = Number(visitor.replace(/\D/g, '')) % 2 === 1 && level >= 2;
  if (landsOnProduct) next('page_view', '/products/hojicha');
  else next('page_view', '/');
  if (level >= 2 && !landsOnProduct) next('page_view', '/products/hojicha');
  if (level >= 3) next('add_to_cart', '/products/hojicha');
  if (level >= 4) next('begin_checkout', '/checkout/info');
  if (level >= 5) next('page_view', '/checkout/confirm');
  if (level >= 6) next('purchase', '/checkout/thanks');
  return out;
}

describe.each(await storeEngines())('$name store', (engine) => {
  let opened: OpenedEngine;
  let store: EventStore;
  beforeAll(async () => {
    opened = await engine.open('article');
    store = opened.store;
    // Visitors by furthest step: 27 buy, 27 stop at confirm, 18 at the form, 168 at the cart,
    // 560 at a product page, 200 only visit → 1000, 800, 240, 72, 54, 27 reach each step.
    const stopAt: [number, number][] = [
      [6, 27],
      [5, 27],
      [4, 18],
      [3, 168],
      [2, 560],
      [1, 200],
    ];
    const events: StoredEvent[] = [];
    let v = 0;
    for (const [level, visitors] of stopAt) {
      for (let i = 0; i < visitors; i++, v++) events.push(...journey(`v${v}`, level, NOV_1_JST + (v % 600) * HOUR));
    }
    // Noise that must not count: another site, and October (before the range) in Tokyo time.
    for (let i = 0; i < 30; i++) events.push(...journey(`other${i}`, 6, NOV_1_JST, 'other-shop'));
    for (let i = 0; i < 40; i++) events.push(...journey(`early${i}`, 6, NOV_1_JST - 2 * HOUR));
    await store.append(events, null);
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  describe("the article's funnel", () => {
    it('gives 1000 → 800 → 240 → 72 → 54 → 27, rates 80 / 30 / 30 / 75 / 50 %, overall 2.7 %', async () => {
      const report = await runFunnel(store, loaded, 'tea-shop', 'article', { from: '2026-11-01', to: '2026-11-30' });
      expect(report.steps.map((s) => s.count)).toEqual([1000, 800, 240, 72, 54, 27]);
      expect(report.steps.map((s) => s.rateFromPrevious)).toEqual([null, 0.8, 0.3, 0.3, 0.75, 0.5]);
      expect(report.steps.map((s) => s.dropOff)).toEqual([0, 200, 560, 168, 18, 27]);
      expect(report.overallRate).toBe(0.027);
      expect(report.label).toEqual({ en: 'Article funnel', ja: '記事のファネル' });
      expect(report.window).toBe(7 * 86_400);
    });

    it('counts the 40 October visitors too once the range starts in October', async () => {
      const report = await runFunnel(store, loaded, 'tea-shop', 'article', { from: '2026-10-31', to: '2026-11-30' });
      expect(report.steps.map((s) => s.count)).toEqual([1040, 840, 280, 112, 94, 67]);
    });
  });

  describe('the same funnel, unit by unit (funnelUnits)', () => {
    const query: FunnelQuery = {
      site: 'tea-shop',
      steps: [
        { event: 'page_view' },
        { event: 'page_view', path: '/products/*' },
        { event: 'add_to_cart' },
        { event: 'begin_checkout' },
        { event: 'page_view', path: '/checkout/confirm' },
        { event: 'purchase' },
      ],
      windowSeconds: 7 * 86_400,
      from: NOV_1_JST,
    };

    it('levels add up to the counts: 200, 560, 168, 18, 27, 27 visitors stop at steps 1 … 6', async () => {
      const atLevel = [0, 0, 0, 0, 0, 0, 0];
      await store.funnelUnits(query, (u) => {
        atLevel[u.level] = (atLevel[u.level] ?? 0) + 1;
      });
      expect(atLevel).toEqual([0, 200, 560, 168, 18, 27, 27]);
      expect(await store.funnelCounts(query)).toEqual([1000, 800, 240, 72, 54, 27]);
    });

    it('reachedAt: a minute per step, from the latest visit that still leads to the purchase', async () => {
      const units = new Map<string, Float64Array>();
      await store.funnelUnits(query, (u) => units.set(u.id, u.reachedAt));
      const minutes = (id: string): number[] => {
        const at = units.get(id) ?? new Float64Array(0);
        return [...at].map((t) => (t - (at[0] ?? 0)) / 60);
      };
      // v1 (odd) lands on a product page: visit and product detail in one event
      expect(minutes('v1')).toEqual([0, 0, 1, 2, 3, 4]);
      expect(units.get('v1')?.[0]).toBe((NOV_1_JST + HOUR) / 1000);
      // v0 lands on the home page, but its product page view a minute later is a visit too (every
      // page view is), and the counted chain is the latest-starting one: it starts there
      expect(minutes('v0')).toEqual([0, 0, 1, 2, 3, 4]);
      expect(units.get('v0')?.[0]).toBe(NOV_1_JST / 1000 + 60);
      // v999 only visits: one step, the rest not reached
      expect(minutes('v999').slice(1).every(Number.isNaN)).toBe(true);
    });
  });

  describe('funnel semantics, hand-computed', () => {
    const T = Date.UTC(2026, 11, 1); // December: no article events
    const steps = [{ event: 'a' }, { event: 'b' }, { event: 'c' }];
    const q = (site: string): FunnelQuery => ({ site, steps, windowSeconds: 3_600 });
    const at = (site: string, visitor: string, seconds: number, name: string): StoredEvent =>
      ev(visitor, T + seconds * 1000, name, null, site);

    it('window: the last step exactly at start + window counts, one second later does not', async () => {
      await store.append(
        [
          at('edge', 'in', 0, 'a'),
          at('edge', 'in', 1_800, 'b'),
          at('edge', 'in', 3_600, 'c'),
          at('edge', 'out', 0, 'a'),
          at('edge', 'out', 1_800, 'b'),
          at('edge', 'out', 3_601, 'c'),
        ],
        null,
      );
      expect(await store.funnelCounts(q('edge'))).toEqual([2, 2, 1]);
    });

    it('equal timestamps are taken in step order, whatever order they were stored in', async () => {
      await store.append([at('tie', 'v', 50, 'c'), at('tie', 'v', 50, 'b'), at('tie', 'v', 50, 'a')], null);
      expect(await store.funnelCounts(q('tie'))).toEqual([1, 1, 1]);
    });

    it('repeated attempts: a later start continues, an earlier level is kept', async () => {
      await store.append(
        [
          // keeps: a@0 b@100 (level 2), new a@5000 never gets further — still level 2
          at('again', 'keeps', 0, 'a'),
          at('again', 'keeps', 100, 'b'),
          at('again', 'keeps', 5_000, 'a'),
          // second try: a@0 expires; a@4000 b@4100 c@4200 completes within its own window
          at('again', 'second', 0, 'a'),
          at('again', 'second', 3_700, 'b'),
          at('again', 'second', 4_000, 'a'),
          at('again', 'second', 4_100, 'b'),
          at('again', 'second', 4_200, 'c'),
          // the latest start wins: a@0, a@3000, b@3100, c@6500 (3500 s after the latest start) → 3
          at('again', 'latest', 0, 'a'),
          at('again', 'latest', 3_000, 'a'),
          at('again', 'latest', 3_100, 'b'),
          at('again', 'latest', 6_500, 'c'),
        ],
        null,
      );
      expect(await store.funnelCounts(q('again'))).toEqual([3, 3, 2]);
    });

    it('one event matching two steps counts for both', async () => {
      const twoSteps: FunnelQuery = {
        site: 'both',
        steps: [{ event: 'page_view' }, { event: 'page_view', path: '/products/*' }, { event: 'add_to_cart' }],
        windowSeconds: 3_600,
      };
      await store.append(
        [
          ev('lands', T, 'page_view', '/products/tea', 'both'),
          ev('lands', T + 60_000, 'add_to_cart', '/products/tea', 'both'),
          ev('home', T, 'page_view', '/', 'both'),
          ev('home', T + 60_000, 'add_to_cart', '/cart', 'both'),
        ],
        null,
      );
      // lands: visit + detail in one event, then cart → 3; home: no product page → 1
      expect(await store.funnelCounts(twoSteps)).toEqual([2, 1, 1]);
    });
  });
});
