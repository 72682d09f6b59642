import { describe, expect, it } from 'vitest';
import { generateDemoEvents } from './generateDemoEvents.ts';
import { itemSchema, propsSchema } from '../schema/event.ts';
import { CHANNELS, DEVICES } from '../schema/storedEvent.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 3, 0, 0);
const STEPS = ['page_view', 'view_item', 'add_to_cart', 'begin_checkout', 'add_payment_info', 'purchase'];

/**
 * Independent reference of the sequential funnel: for every first-step event, greedily take the
 * earliest next step at or after the previous one within start + window; keep the best level.
 */
function referenceFunnel(events: readonly StoredEvent[], steps: readonly string[], windowMs: number): number[] {
  const byVisitor = new Map<string, StoredEvent[]>();
  for (const e of events) byVisitor.set(e.visitor, [...(byVisitor.get(e.visitor) ?? []), e]);
  const reached = steps.map(() => 0);
  for (const list of byVisitor.values()) {
    const sorted = [...list].sort((a, b) => a.ts - b.ts);
    let best = 0;
    sorted.forEach((start, i) => {
      if (start.name !== steps[0]) return;
      let level = 1;
      for (let j = i + 1; j < sorted.length && level < steps.length; j++) {
        const e = sorted[j];
        if (e === undefined || e.ts > start.ts + windowMs) break;
        if (e.name === steps[level]) level++;
      }
      best = Math.max(best, level);
    });
    for (let k = 0; k < best; k++) reached[k] = (reached[k] ?? 0) + 1;
  }
  return reached;
}

describe('generateDemoEvents', () => {
  const events = generateDemoEvents({ now: NOW, seed: 1 });

  it("reproduces the article's funnel: 1000 → 800 → 240 → 72 → 54 → 27", () => {
    expect(referenceFunnel(events, STEPS, 7 * DAY)).toEqual([1000, 800, 240, 72, 54, 27]);
  });

  it('keeps the counts for other seeds and with a 30-day window', () => {
    for (const seed of [2, 3, 99]) {
      const other = generateDemoEvents({ now: NOW, seed });
      expect(referenceFunnel(other, STEPS, 7 * DAY)).toEqual([1000, 800, 240, 72, 54, 27]);
      expect(referenceFunnel(other, STEPS, 30 * DAY)).toEqual([1000, 800, 240, 72, 54, 27]);
    }
  });

  it('spans the last 28 calendar days in Tokyo, today included', () => {
    const first = Math.min(...events.map((e) => e.ts));
    const last = Math.max(...events.map((e) => e.ts));
    // NOW is 2026-11-25 12:00 JST, so the first day is 2026-10-29, starting 2026-10-28 15:00 UTC.
    expect(first).toBeGreaterThanOrEqual(Date.UTC(2026, 9, 28, 15));
    expect(first).toBeLessThan(Date.UTC(2026, 9, 29, 15));
    expect(last).toBeLessThan(NOW);
    expect(last).toBeGreaterThan(NOW - DAY);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDemoEvents({ now: NOW, seed: 1 })).toEqual(events);
    expect(generateDemoEvents({ now: NOW, seed: 2 })[0]?.visitor).not.toBe(events[0]?.visitor);
  });

  it('has unique ids, site demo and valid columns', () => {
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of events) {
      expect(e.site).toBe('demo');
      expect(CHANNELS).toContain(e.channel);
      expect(DEVICES).toContain(e.device);
      expect(e.path?.startsWith('/')).toBe(true);
      if (e.props !== null) expect(propsSchema.safeParse(JSON.parse(e.props)).success).toBe(true);
      if (e.items !== null) expect(itemSchema.array().safeParse(JSON.parse(e.items)).success).toBe(true);
    }
  });

  it('sells in JPY with item lines that add up to the value', () => {
    const purchases = events.filter((e) => e.name === 'purchase');
    expect(purchases).toHaveLength(27);
    for (const p of purchases) {
      expect(p.currency).toBe('JPY');
      expect(p.path).toBe('/checkout/thanks');
      const items = itemSchema.array().parse(JSON.parse(p.items ?? '[]'));
      const total = items.reduce((sum, i) => sum + (i.price ?? 0) * (i.quantity ?? 0), 0);
      expect(p.value).toBe(total);
    }
  });

  it('contains the extra micro-conversions the article lists', () => {
    const names = new Set(events.map((e) => e.name));
    for (const name of ['view_item_list', 'page_engagement', 'sign_up', 'newsletter_signup', 'line_signup', 'file_download', 'video_progress']) {
      expect(names).toContain(name);
    }
    const props = (name: string) =>
      events.filter((e) => e.name === name).map((e) => JSON.parse(e.props ?? '{}') as Record<string, unknown>);
    expect(props('newsletter_signup').every((p) => p.method === 'newsletter')).toBe(true);
    expect(new Set(props('video_progress').map((p) => p.percent))).toEqual(new Set([50, 100]));
    const engaged = props('page_engagement').filter(
      (p) => Number(p.engaged_seconds) >= 120 && Number(p.scroll_depth) >= 70,
    );
    expect(engaged.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.name === 'file_download').every((e) => e.path === '/pages/catalog')).toBe(true);
  });

  it('sets the channel as collect would: from the landing URL and referrer, direct inside the shop', () => {
    const landings = new Map<string, StoredEvent>();
    for (const e of events) if (e.name === 'page_view' && !landings.has(e.session)) landings.set(e.session, e);
    for (const e of landings.values()) {
      const referrer = e.referrer ?? '';
      if (e.gclid !== null || e.utm_medium === 'cpc') expect(e.channel).toBe('paid_search');
      else if (e.utm_medium === 'email') expect(e.channel).toBe('email');
      else if (e.utm_medium === 'social') expect(e.channel).toBe('social');
      else if (/google|yahoo|bing/.test(referrer)) expect(e.channel).toBe('organic_search');
      else if (/instagram|t\.co/.test(referrer)) expect(e.channel).toBe('social');
      else expect([e.channel, e.referrer]).toEqual(['direct', null]);
    }
    const inside = events.filter((e) => e.referrer?.startsWith('https://demo-shop.example/'));
    expect(inside.length).toBeGreaterThan(events.length / 2);
    for (const e of inside) expect([e.channel, e.utm_source, e.gclid]).toEqual(['direct', null, null]);
    const landingChannels = new Set([...landings.values()].map((e) => e.channel));
    expect([...landingChannels].sort()).toEqual(['direct', 'email', 'organic_search', 'paid_search', 'social']);
    expect([...landings.values()].some((e) => e.utm_source === 'line' && e.browser === 'Line')).toBe(true);
  });

  it('gives some visitors several sessions, each with a session id', () => {
    const sessions = new Map<string, Set<string>>();
    for (const e of events) {
      expect(e.session).not.toBe('');
      sessions.set(e.visitor, (sessions.get(e.visitor) ?? new Set()).add(e.session));
    }
    expect(sessions.size).toBe(1000);
    const multi = [...sessions.values()].filter((s) => s.size > 1).length;
    expect(multi).toBeGreaterThan(100);
    expect(multi).toBeLessThan(600);
  });
});
