import { describe, expect, it } from 'vitest';
import { configSchema } from '../schema/config.ts';
import type { Site } from '../schema/config.ts';
import type { EventStore, FunnelQuery } from '../store/EventStore.ts';
import { fakeFunnelStore } from '../../test/helpers/fakeFunnelStore.ts';
import { CURRENT_UNITS, LEVEL_ZERO, PREVIOUS_UNITS, TOKYO_SHOP } from '../../test/helpers/tokyoShopUnits.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { extendedFunnelReportSchema } from './funnelExtrasReport.ts';
import { parseBreakdown, type BreakdownChoice } from './parseBreakdown.ts';
import { runFunnel } from './runFunnel.ts';

const config = configSchema.parse({
  sites: [
    { id: 'tokyo-shop', timezone: 'Asia/Tokyo' },
    { id: 'berlin-shop', timezone: 'Europe/Berlin' },
  ],
  microConversions: [
    { id: 'visit', label: { en: 'Visit', ja: '訪問' }, match: { event: 'page_view' } },
    { id: 'cart', label: 'Cart', match: { event: 'add_to_cart' } },
    { id: 'buy', match: { event: 'purchase', props: { value: { gte: 1 } } } },
  ],
  funnels: [
    { id: 'shop', label: 'Shop', steps: ['visit', { id: 'cart', label: { en: 'Add to cart', ja: 'カート追加' } }, 'buy'], window: '2h' },
    { id: 'tokyo-only', steps: ['visit', 'cart'], sites: ['tokyo-shop'] },
    { id: 'broken', steps: ['visit', 'nope'] },
  ],
});
const loaded = { config, sites: new Map<string, Site>(config.sites.map((s) => [s.id, s])) };

/** A store that records the query and answers with fixed counts. */
function fakeStore(counts: number[]): EventStore & { queries: FunnelQuery[] } {
  const queries: FunnelQuery[] = [];
  return {
    dialect: 'duckdb',
    queries,
    append: async () => undefined,
    appliedSeq: async () => 0,
    countEvents: async () => 0,
    deleteSiteEvents: async () => undefined,
    migrate: async () => [],
    close: async () => undefined,
    funnelCounts: async (q) => {
      queries.push(q);
      return counts;
    },
    funnelUnits: async () => {
      throw new Error('the plain report must not ask for units');
    },
  };
}

describe('runFunnel', () => {
  it('resolves steps, converts the day range in the site zone and shapes the counts', async () => {
    const store = fakeStore([100, 30, 3]);
    const report = await runFunnel(store, loaded, 'tokyo-shop', 'shop', { from: '2026-11-01', to: '2026-11-30' });
    expect(store.queries[0]).toEqual({
      site: 'tokyo-shop',
      steps: [{ event: 'page_view' }, { event: 'add_to_cart' }, { event: 'purchase', props: { value: { gte: 1 } } }],
      windowSeconds: 7200,
      // 2026-11-01 00:00 JST … 2026-12-01 00:00 JST (to is inclusive)
      from: Date.UTC(2026, 9, 31, 15),
      to: Date.UTC(2026, 10, 30, 15),
    });
    expect(report).toMatchObject({ site: 'tokyo-shop', funnel: 'shop', label: { en: 'Shop' }, window: 7200, from: '2026-11-01', to: '2026-11-30', overallRate: 0.03 });
    expect(report.steps.map((s) => [s.id, s.label, s.count, s.rateFromPrevious])).toEqual([
      ['visit', { en: 'Visit', ja: '訪問' }, 100, null],
      ['cart', { en: 'Add to cart', ja: 'カート追加' }, 30, 0.3],
      ['buy', { en: 'buy' }, 3, 0.1],
    ]);
  });

  it('leaves an omitted end of the range open', async () => {
    const store = fakeStore([1, 0, 0]);
    const report = await runFunnel(store, loaded, 'berlin-shop', 'shop', { from: '2026-07-01' });
    expect(store.queries[0]?.from).toBe(Date.UTC(2026, 5, 30, 22));
    expect(store.queries[0]?.to).toBeUndefined();
    expect([report.from, report.to]).toEqual(['2026-07-01', null]);
  });

  it('names the known ids when the site or funnel is unknown', async () => {
    const store = fakeStore([0, 0]);
    await expect(runFunnel(store, loaded, 'osaka', 'shop')).rejects.toThrow(NotFoundError);
    await expect(runFunnel(store, loaded, 'osaka', 'shop')).rejects.toThrow('Sites in midgoal.yaml: tokyo-shop, berlin-shop');
    await expect(runFunnel(store, loaded, 'tokyo-shop', 'shopp')).rejects.toThrow(
      'Funnel "shopp" does not exist. Funnels for site "tokyo-shop": shop, tokyo-only, broken.',
    );
    await expect(runFunnel(store, loaded, 'berlin-shop', 'tokyo-only')).rejects.toThrow(
      'Funnel "tokyo-only" is not set up for site "berlin-shop" (its sites: tokyo-shop)',
    );
    const err = await runFunnel(store, loaded, 'osaka', 'shop').catch((e: unknown) => e);
    expect(err instanceof NotFoundError && err.messageJa).toContain('サイト「osaka」はありません');
  });

  it('names a step that refers to an undefined micro-conversion', async () => {
    await expect(runFunnel(fakeStore([0, 0]), loaded, 'tokyo-shop', 'broken')).rejects.toThrow(
      /step 2 refers to micro-conversion "nope"/,
    );
  });

  it('refuses malformed or impossible dates and reversed ranges', async () => {
    const store = fakeStore([0, 0, 0]);
    await expect(runFunnel(store, loaded, 'tokyo-shop', 'shop', { from: '2026-2-1' })).rejects.toThrow(BadRequestError);
    await expect(runFunnel(store, loaded, 'tokyo-shop', 'shop', { to: '2026-02-30' })).rejects.toThrow(
      'to must be a real date written YYYY-MM-DD, such as 2026-11-01; got "2026-02-30".',
    );
    await expect(runFunnel(store, loaded, 'tokyo-shop', 'shop', { from: '2026-12-01', to: '2026-11-01' })).rejects.toThrow(
      /starts \(2026-12-01\) after it ends \(2026-11-01\)/,
    );
    expect(store.queries).toHaveLength(0);
  });
});

describe('runFunnel with extras (one pass over the units of the Tokyo fixture)', () => {
  const shopLoaded = TOKYO_SHOP;
  const range = { from: '2026-11-01', to: '2026-11-14' };
  const utmSource = parseBreakdown('utm_source') as BreakdownChoice;
  const units = [...CURRENT_UNITS, ...PREVIOUS_UNITS, LEVEL_ZERO];

  it('adds nothing unless asked, and then counts without per-unit results', async () => {
    const store = fakeFunnelStore(units);
    const report = await runFunnel(store, shopLoaded, 'shop', 'buy', range);
    expect(Object.keys(report).sort()).toEqual(['from', 'funnel', 'label', 'overallRate', 'site', 'steps', 'to', 'window']);
    expect(report.steps.map((s) => s.count)).toEqual([5, 3, 2]);
    expect(store.calls).toEqual(['funnelCounts']);
  });

  it('breakdown, trend and time to convert from one funnelUnits pass; counts agree with funnelCounts', async () => {
    const store = fakeFunnelStore(units);
    const report = await runFunnel(store, shopLoaded, 'shop', 'buy', range, {
      breakdown: utmSource,
      interval: 'week',
      timeToConvert: true,
    });
    expect(extendedFunnelReportSchema.parse(report)).toEqual(report);
    expect(store.calls).toEqual(['funnelUnits']);
    expect(store.queries[0]?.breakdown).toEqual({ column: 'utm_source' });
    expect(report.steps.map((s) => s.count)).toEqual([5, 3, 2]);
    expect(report.breakdown?.rows.map((r) => [r.value, r.steps.map((s) => s.count)])).toEqual([
      ['google', [2, 2, 1]],
      ['line', [2, 0, 0]],
      [null, [1, 1, 1]],
    ]);
    expect(report.trend?.buckets.map((b) => [b.label, b.steps.map((s) => s.count)])).toEqual([
      ['2026-W44', [2, 1, 0]],
      ['2026-W45', [2, 1, 1]],
      ['2026-W46', [1, 1, 1]],
    ]);
    expect(report.trend?.timezone).toBe('Asia/Tokyo');
    expect(report.timeToConvert?.steps.map((s) => s.fromPrevious?.median)).toEqual([120, 2040]);
    expect(report.comparison).toBeUndefined();
  });

  it('a breakdown alone or a trend alone comes from grouped counts, the same report as from units', async () => {
    const both = await runFunnel(fakeFunnelStore(units), shopLoaded, 'shop', 'buy', range, {
      breakdown: utmSource,
      interval: 'week',
      timeToConvert: true,
    });
    const store = fakeFunnelStore(units);
    const byValue = await runFunnel(store, shopLoaded, 'shop', 'buy', range, { breakdown: utmSource });
    const byWeek = await runFunnel(store, shopLoaded, 'shop', 'buy', range, { interval: 'week' });
    // The fake has no aggregate methods: funnelGroupCounts.ts folds funnelUnits for it.
    expect(store.calls).toEqual(['funnelUnits', 'funnelUnits']);
    expect(byValue.steps).toEqual(both.steps);
    expect(byValue.breakdown).toEqual(both.breakdown);
    expect(byWeek.steps).toEqual(both.steps);
    expect(byWeek.trend).toEqual(both.trend);
  });

  it('compares with the 14 days before: [5, 3, 2] vs [4, 2, 1]', async () => {
    const store = fakeFunnelStore(units);
    const report = await runFunnel(store, shopLoaded, 'shop', 'buy', range, { compare: 'previous' });
    expect(store.queries.map((q) => [q.from, q.to])).toEqual([
      [Date.UTC(2026, 9, 31, 15), Date.UTC(2026, 10, 14, 15)],
      [Date.UTC(2026, 9, 17, 15), Date.UTC(2026, 9, 31, 15)],
    ]);
    expect(report.comparison?.previous).toEqual({ from: '2026-10-18', to: '2026-10-31' });
    expect(report.comparison?.steps.map((s) => [s.current.count, s.previous.count])).toEqual([
      [5, 4],
      [3, 2],
      [2, 1],
    ]);
    expect(report.comparison?.steps[1]?.change?.absolute).toBeCloseTo(0.1, 12);
  });

  it('says which field is wrong', async () => {
    const store = fakeFunnelStore(units);
    await expect(runFunnel(store, shopLoaded, 'shop', 'buy', { from: '2026-11-01' }, { compare: 'previous' })).rejects.toThrow(
      /^compare: comparing with the previous period needs both from and to/,
    );
    await expect(
      runFunnel(store, shopLoaded, 'shop', 'buy', { from: '2020-01-01', to: '2026-11-14' }, { interval: 'day' }),
    ).rejects.toThrow(/^interval: a day trend/);
    expect(store.queries).toHaveLength(0);
  });
});

describe('runFunnel maps the funnel definition to the store query', () => {
  it('order, unit, per-step within and exclusions', async () => {
    const cfg = configSchema.parse({
      sites: [{ id: 'shop' }],
      microConversions: [
        { id: 'view', match: { event: 'view_item' } },
        { id: 'cart', match: { event: 'add_to_cart' } },
        { id: 'buy', match: { event: 'purchase' } },
        { id: 'refund', match: { event: 'refund' } },
      ],
      funnels: [
        {
          id: 'f',
          steps: ['view', { id: 'cart', within: '30m' }, 'buy'],
          window: '1d',
          order: 'strict',
          unit: 'session',
          exclude: ['refund'],
        },
      ],
    });
    const store = fakeFunnelStore([]);
    await runFunnel(store, { config: cfg, sites: new Map<string, Site>(cfg.sites.map((x) => [x.id, x])) }, 'shop', 'f');
    expect(store.queries[0]).toEqual({
      site: 'shop',
      steps: [{ event: 'view_item' }, { event: 'add_to_cart' }, { event: 'purchase' }],
      windowSeconds: 86400,
      order: 'strict',
      unit: 'session',
      stepWindows: [null, 1800, null],
      exclusions: [{ event: 'refund' }],
    });
  });
});
