/**
 * Issue 3's funnel features end to end through each store engine (embedded DuckDB and a real
 * ClickHouse: test/helpers/storeEngines.ts), on the same hand-computed cases: order
 * modes, per-step windows, exclusions, the session unit (with and without session ids),
 * funnelUnits' reached times and each breakdown dimension, bad input, and the midgoal.yaml grammar.
 * The state machines' own edge cases are in src/query/funnelMachine.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClickHouseFunnelSql } from '../src/query/buildClickHouseFunnelSql.ts';
import { configSchema } from '../src/schema/config.ts';
import { funnelSchema, funnelStepWindows } from '../src/schema/funnel.ts';
import { blankStoredEvent } from '../src/schema/storedEvent.ts';
import type { StoredEvent } from '../src/schema/storedEvent.ts';
import type { EventStore, FunnelQuery, FunnelUnit } from '../src/store/EventStore.ts';
import { storeEngines, type OpenedEngine } from './helpers/storeEngines.ts';

/** 2026-12-01 00:00 UTC, in whole seconds. */
const T = Date.UTC(2026, 11, 1);
const T_S = T / 1000;
const ABC = [{ event: 'a' }, { event: 'b' }, { event: 'c' }];

let n = 0;
function ev(site: string, visitor: string, seconds: number, name: string, extra: Partial<StoredEvent> = {}): StoredEvent {
  n += 1;
  return { ...blankStoredEvent({ id: `m${n}`, site, ts: T + seconds * 1000, name, visitor }), ...extra };
}

describe.each(await storeEngines())('$name store', (engine) => {
  let opened: OpenedEngine;
  let store: EventStore;
  beforeAll(async () => {
    opened = await engine.open('modes');
    store = opened.store;
    await store.append(
      [
        // order modes: sequential a→b→c; strict broken by the second a; any: all three
        ev('modes', 'strict-break', 0, 'a'),
        ev('modes', 'strict-break', 10, 'b'),
        ev('modes', 'strict-break', 15, 'a'),
        ev('modes', 'strict-break', 20, 'c'),
        // reversed: sequential and strict 1, any 3
        ev('modes', 'reversed', 0, 'c'),
        ev('modes', 'reversed', 10, 'b'),
        ev('modes', 'reversed', 20, 'a'),
        // straight: 3 in every mode, with a non-step event in between (never breaks strict)
        ev('modes', 'straight', 0, 'a'),
        ev('modes', 'straight', 5, 'scroll'),
        ev('modes', 'straight', 10, 'b'),
        ev('modes', 'straight', 20, 'c'),

        // per-step windows: b within 60 s of a
        ev('stepwin', 'slow', 0, 'a'),
        ev('stepwin', 'slow', 61, 'b'),
        ev('stepwin', 'slow', 62, 'c'),
        ev('stepwin', 'quick', 0, 'a'),
        ev('stepwin', 'quick', 60, 'b'),
        ev('stepwin', 'quick', 3_000, 'c'),

        // exclusions (x): clean 3, x between a and b → 1, x between b and c → 2
        ev('excl', 'clean', 0, 'a'),
        ev('excl', 'clean', 10, 'b'),
        ev('excl', 'clean', 20, 'c'),
        ev('excl', 'dirty', 0, 'a'),
        ev('excl', 'dirty', 5, 'x'),
        ev('excl', 'dirty', 10, 'b'),
        ev('excl', 'dirty', 20, 'c'),
        ev('excl', 'late', 0, 'a'),
        ev('excl', 'late', 10, 'b'),
        ev('excl', 'late', 15, 'x'),
        ev('excl', 'late', 20, 'c'),

        // sessions without ids: a gap of 1801 s cuts, 1800 s does not
        ev('sess', 'gap', 0, 'a'),
        ev('sess', 'gap', 100, 'b'),
        ev('sess', 'gap', 1_901, 'c'),
        ev('sess', 'edge', 0, 'a'),
        ev('sess', 'edge', 100, 'b'),
        ev('sess', 'edge', 1_000, 'scroll'), // not a step, but keeps the session alive
        ev('sess', 'edge', 2_800, 'c'),
        // sessions with ids: a in s1; b, c in s2
        ev('sess', 'ids', 0, 'a', { session: 's1' }),
        ev('sess', 'ids', 10, 'b', { session: 's2' }),
        ev('sess', 'ids', 20, 'c', { session: 's2' }),
      ],
      null,
    );
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  async function units(q: FunnelQuery): Promise<Record<string, { level: number; reachedAt: (number | null)[]; breakdown: string | null }>> {
    const out: FunnelUnit[] = [];
    await store.funnelUnits(q, (u) => out.push(u));
    return Object.fromEntries(
      out
        .sort((x, y) => (x.id < y.id ? -1 : 1))
        .map((u) => [
          u.id,
          { level: u.level, reachedAt: [...u.reachedAt].map((t) => (Number.isNaN(t) ? null : t - T_S)), breakdown: u.breakdown },
        ]),
    );
  }

  const levels = async (q: FunnelQuery): Promise<Record<string, number>> =>
    Object.fromEntries(Object.entries(await units(q)).map(([id, u]) => [id, u.level]));

  describe('order modes', () => {
    const q = (order: FunnelQuery['order']): FunnelQuery => ({ site: 'modes', steps: ABC, windowSeconds: 3_600, order });

    it('sequential: a→b→c with anything between', async () => {
      expect(await levels(q('sequential'))).toEqual({ 'strict-break': 3, reversed: 1, straight: 3 });
      expect(await store.funnelCounts(q('sequential'))).toEqual([3, 2, 2]);
      expect(await store.funnelCounts(q(undefined))).toEqual([3, 2, 2]);
    });

    it('strict: another step of the funnel in between ends the attempt', async () => {
      expect(await levels(q('strict'))).toEqual({ 'strict-break': 2, reversed: 1, straight: 3 });
      expect(await store.funnelCounts(q('strict'))).toEqual([3, 2, 1]);
    });

    it('any: steps in any order within the window', async () => {
      expect(await levels(q('any'))).toEqual({ 'strict-break': 3, reversed: 3, straight: 3 });
      expect(await store.funnelCounts(q('any'))).toEqual([3, 3, 3]);
    });

    it('reachedAt is the counted attempt, seconds from T here', async () => {
      const seq = await units(q('sequential'));
      // the chain that first reached 3 starts at the latest a that fits: a@15 → c@20, b@10 is before it,
      // so the chain is a@0, b@10, c@20
      expect(seq['strict-break']?.reachedAt).toEqual([0, 10, 20]);
      expect(seq.reversed?.reachedAt).toEqual([20, null, null]);
      expect((await units(q('any'))).reversed?.reachedAt).toEqual([20, 10, 0]);
    });
  });

  describe('per-step windows and exclusions', () => {
    it('stepWindows: b within 60 s of a (inclusive), c only within the global window', async () => {
      const q: FunnelQuery = { site: 'stepwin', steps: ABC, windowSeconds: 3_600, stepWindows: [null, 60, null] };
      expect(await levels(q)).toEqual({ slow: 1, quick: 3 });
      expect(await store.funnelCounts(q)).toEqual([2, 1, 1]);
      // the same without the step window: both 3
      expect(await store.funnelCounts({ ...q, stepWindows: undefined })).toEqual([2, 2, 2]);
    });

    it('exclusions void the chain they fall inside; steps before them still count', async () => {
      const q: FunnelQuery = { site: 'excl', steps: ABC, windowSeconds: 3_600, exclusions: [{ event: 'x' }] };
      expect(await levels(q)).toEqual({ clean: 3, dirty: 1, late: 2 });
      expect(await store.funnelCounts(q)).toEqual([3, 2, 1]);
      for (const order of ['strict', 'any'] as const) {
        expect(await store.funnelCounts({ ...q, order })).toEqual([3, 2, 1]);
      }
    });
  });

  describe('counting unit', () => {
    const q = (unit: FunnelQuery['unit']): FunnelQuery => ({ site: 'sess', steps: ABC, windowSeconds: 3_600, unit });

    it('visitor: every visitor reaches c within the hour', async () => {
      expect(await store.funnelCounts(q('visitor'))).toEqual([3, 3, 3]);
    });

    it('session: cut at more than 30 minutes without events, or by session id', async () => {
      expect(await levels(q('session'))).toEqual({
        // gap: a, b in the first session; c alone (level 0) in the one starting at 1901
        [`gap\u0000t:${T_S}`]: 2,
        [`gap\u0000t:${T_S + 1_901}`]: 0,
        // edge: the non-step event at 1000 and c at 2800 are 1800 s apart: one session
        [`edge\u0000t:${T_S}`]: 3,
        'ids\u0000s:s1': 1,
        'ids\u0000s:s2': 0,
      });
      expect(await store.funnelCounts(q('session'))).toEqual([3, 2, 1]);
    });
  });

  describe('breakdown, read at the counted attempt’s first step', () => {
    const site = 'bd';
    beforeAll(async () => {
      const dims = (channel: StoredEvent['channel'], more: Partial<StoredEvent> = {}): Partial<StoredEvent> => ({
        channel,
        device: 'mobile',
        ...more,
      });
      await store.append(
        [
          // ret: seen 10 days before the range, lands on /landing, then a (email) and b
          ev(site, 'ret', -864_000, 'x', dims('direct', { path: '/old' })),
          ev(site, 'ret', 0, 'view', dims('organic_search', { path: '/landing' })),
          ev(
            site,
            'ret',
            10,
            'a',
            dims('email', { utm_source: 'news', utm_medium: 'mail', utm_campaign: 'dec', device: 'desktop', browser: 'Firefox', os: 'Linux', country: 'JP', referrer: 'https://mail.example/', props: '{"plan":"pro"}', path: '/a' }),
          ),
          ev(site, 'ret', 20, 'b', dims('email')),
          // new1: two first steps in one second: the earlier millisecond wins
          { ...ev(site, 'new1', 100, 'a', dims('social', { path: '/s' })), ts: T + 100_200 },
          { ...ev(site, 'new1', 100, 'a', dims('paid_search', { path: '/p' })), ts: T + 100_100 },
          // two: the first attempt (direct) expires; the second (email) is the one counted
          ev(site, 'two', 0, 'a', dims('direct', { path: '/1' })),
          ev(site, 'two', 5_000, 'a', dims('email', { path: '/2' })),
          ev(site, 'two', 5_010, 'b', dims('email', { path: '/2' })),
          // only-b: level 0, no first step
          ev(site, 'only-b', 0, 'b', dims('referral', { path: '/b' })),
        ],
        null,
      );
    });

    const q = (breakdown: FunnelQuery['breakdown']): FunnelQuery => ({
      site,
      steps: [{ event: 'a' }, { event: 'b' }],
      windowSeconds: 3_600,
      from: T - 60_000,
      breakdown,
    });
    const values = async (b: FunnelQuery['breakdown']): Promise<Record<string, string | null>> =>
      Object.fromEntries(Object.entries(await units(q(b))).map(([id, u]) => [id, u.breakdown]));

    it('channel: the counted attempt’s first step, earliest millisecond on ties', async () => {
      expect(await values({ column: 'channel' })).toEqual({ ret: 'email', new1: 'paid_search', two: 'email', 'only-b': null });
      const two = (await units(q({ column: 'channel' }))).two;
      expect(two).toEqual({ level: 2, reachedAt: [5_000, 5_010], breakdown: 'email' });
    });

    it('utm, device, browser, os, country, referrer and properties', async () => {
      const ret = async (b: FunnelQuery['breakdown']): Promise<string | null> => (await values(b)).ret ?? null;
      expect(await ret({ column: 'utm_source' })).toBe('news');
      expect(await ret({ column: 'utm_medium' })).toBe('mail');
      expect(await ret({ column: 'utm_campaign' })).toBe('dec');
      expect(await ret({ column: 'device' })).toBe('desktop');
      expect(await ret({ column: 'browser' })).toBe('Firefox');
      expect(await ret({ column: 'os' })).toBe('Linux');
      expect(await ret({ column: 'country' })).toBe('JP');
      expect(await ret({ column: 'referrer' })).toBe('https://mail.example/');
      expect(await ret({ prop: 'plan' })).toBe('pro');
      expect((await values({ column: 'utm_source' })).two).toBeNull();
    });

    it('landing_page: the unit’s first event in the range, step or not', async () => {
      // ret's /old is before the range; only-b has a landing page though it never started
      expect(await values({ column: 'landing_page' })).toEqual({ ret: '/landing', new1: '/p', two: '/1', 'only-b': '/b' });
    });

    it('visitorType: returning when the visitor had any event before the first step, in the whole store', async () => {
      expect(await values({ visitorType: true })).toEqual({ ret: 'returning', new1: 'new', two: 'returning', 'only-b': null });
    });

    it('counts ignore the breakdown', async () => {
      expect(await store.funnelCounts(q({ column: 'channel' }))).toEqual([3, 2]);
    });
  });

  describe('bad input', () => {
    const base: FunnelQuery = { site: 'modes', steps: ABC, windowSeconds: 3_600 };
    const one = Array.from({ length: 1 }, () => ({ event: 'a' }));
    const forty = Array.from({ length: 40 }, () => ({ event: 'a' }));

    it('1 or 40 steps: a clear message', async () => {
      await expect(store.funnelCounts({ ...base, steps: one })).rejects.toThrow('invalid funnel query at steps: a funnel has 2 to 20 steps, got 1');
      await expect(store.funnelCounts({ ...base, steps: forty })).rejects.toThrow('a funnel has 2 to 20 steps, got 40');
    });

    it('windows of zero or years are refused, 366 days and 20 steps work', async () => {
      await expect(store.funnelCounts({ ...base, windowSeconds: 0 })).rejects.toThrow(/windowSeconds: must be a whole number of seconds from 1 to 31622400/);
      await expect(store.funnelCounts({ ...base, windowSeconds: 3 * 365 * 86_400 })).rejects.toThrow(/windowSeconds/);
      await expect(store.funnelCounts({ ...base, windowSeconds: 1.5 })).rejects.toThrow(/windowSeconds/);
      await expect(store.funnelCounts({ ...base, stepWindows: [null, 0, null] })).rejects.toThrow(/stepWindows\.1/);
      expect(await store.funnelCounts({ ...base, windowSeconds: 366 * 86_400 })).toEqual([3, 2, 2]);
      const twenty = Array.from({ length: 20 }, (_, k) => ({ event: k % 2 === 0 ? 'a' : 'b' }));
      expect(await store.funnelCounts({ ...base, steps: twenty })).toHaveLength(20);
    });

    it('step windows must fit the steps and the order', async () => {
      await expect(store.funnelCounts({ ...base, stepWindows: [null, 60] })).rejects.toThrow(/stepWindows: give one entry per step \(3\)/);
      await expect(store.funnelCounts({ ...base, stepWindows: [60, null, null] })).rejects.toThrow(/the first step has no previous step/);
      await expect(store.funnelCounts({ ...base, order: 'any', stepWindows: [null, 60, null] })).rejects.toThrow(/need an ordered funnel/);
    });

    it('raw windowFunnel on ClickHouse refuses what it cannot do, and names the list path', () => {
      expect(() => buildClickHouseFunnelSql({ ...base, order: 'strict' }, 'events')).toThrow(/order strict: use buildClickHouseFunnelListsSql/);
      expect(() => buildClickHouseFunnelSql({ ...base, unit: 'session' }, 'events')).toThrow(/sessions/);
      expect(() => buildClickHouseFunnelSql({ ...base, exclusions: [{ event: 'x' }] }, 'events')).toThrow(/exclusions/);
      expect(() => buildClickHouseFunnelSql({ ...base, stepWindows: [null, 5, null] }, 'events')).toThrow(/per-step windows/);
    });

    it('a range that ends before it starts, an unknown breakdown column', async () => {
      await expect(store.funnelCounts({ ...base, from: T + 1, to: T })).rejects.toThrow(/from: the range starts after it ends/);
      const column = 'props; DROP TABLE events' as 'channel';
      await expect(store.funnelUnits({ ...base, breakdown: { column } }, () => undefined)).rejects.toThrow(/breakdown/);
    });
  });
});

describe('midgoal.yaml funnel grammar', () => {
  const steps = ['visit', { id: 'cart', within: '30m' }, { id: 'purchase', label: 'Buy', within: '2h' }];

  it('reads order, unit, per-step within and exclude; older funnels stay valid', () => {
    const f = funnelSchema.parse({ id: 'f', steps, order: 'strict', unit: 'session', exclude: ['refund'] });
    expect([f.order, f.unit, f.exclude, f.window]).toEqual(['strict', 'session', ['refund'], 7 * 86_400]);
    expect(funnelStepWindows(f)).toEqual([null, 1_800, 7_200]);
    const old = funnelSchema.parse({ id: 'g', steps: ['visit', 'purchase'], window: '1d' });
    expect([old.order, old.unit, old.exclude, funnelStepWindows(old)]).toEqual([undefined, undefined, undefined, undefined]);
    expect(configSchema.parse({ funnels: [{ id: 'g', steps: ['visit', 'purchase'] }] }).funnels).toHaveLength(1);
  });

  it('says what is wrong and where', () => {
    const issue = (funnel: unknown): string => {
      const r = funnelSchema.safeParse(funnel);
      return r.success ? 'ok' : `${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`;
    };
    expect(issue({ id: 'f', steps: [{ id: 'visit', within: '5m' }, 'buy'] })).toBe(
      'steps.0.within: the first step has no previous step: put `within` on a later step',
    );
    expect(issue({ id: 'f', steps, order: 'any' })).toMatch(/^steps\.1\.within: `within` needs an ordered funnel/);
    expect(issue({ id: 'f', steps, order: 'random' })).toBe('order: order is one of sequential, strict, any');
    expect(issue({ id: 'f', steps, unit: 'page' })).toBe('unit: unit is visitor or session');
    expect(issue({ id: 'f', steps: ['a', { id: 'b', within: '0s' }] })).toBe('steps.1.within: must be between 1s and 366d');
  });
});
