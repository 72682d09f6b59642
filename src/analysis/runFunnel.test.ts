import { describe, expect, it } from 'vitest';
import { configSchema } from '../schema/config.ts';
import type { Site } from '../schema/config.ts';
import type { EventStore, FunnelQuery } from '../store/EventStore.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
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
    close: async () => undefined,
    funnelCounts: async (q) => {
      queries.push(q);
      return counts;
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
