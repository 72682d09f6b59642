import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../server/AppContext.ts';
import { fakeFunnelStore } from '../../test/helpers/fakeFunnelStore.ts';
import { CURRENT_UNITS, LEVEL_ZERO, PREVIOUS_UNITS, TOKYO_SHOP } from '../../test/helpers/tokyoShopUnits.ts';
import { createFunnelRoute } from './funnelRoute.ts';

const store = fakeFunnelStore([...CURRENT_UNITS, ...PREVIOUS_UNITS, LEVEL_ZERO]);
const ctx = {
  loaded: TOKYO_SHOP,
  store,
  lag: () => 0,
  flush: async () => undefined,
} as unknown as AppContext;
const app = createFunnelRoute(ctx);
const RANGE = 'from=2026-11-01&to=2026-11-14';

async function get(path: string): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await app.request(path);
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, res, body: type.includes('json') ? await res.json() : await res.text() };
}

describe('GET /:site/funnels/:funnel with extras', () => {
  it('keeps the plain report as it was', async () => {
    const { status, body } = await get(`/shop/funnels/buy?${RANGE}`);
    expect(status).toBe(200);
    expect(Object.keys(body as object)).not.toContain('breakdown');
  });

  it('adds breakdown, trend, comparison and time to convert when asked', async () => {
    const { status, body } = await get(
      `/shop/funnels/buy?${RANGE}&breakdown=utm_source&breakdownLimit=2&interval=month&compare=previous&timeToConvert=true`,
    );
    expect(status).toBe(200);
    const report = body as {
      breakdown: { rows: { value: string | null }[]; others: { values: number } };
      trend: { buckets: { label: string }[] };
      comparison: { previous: { from: string } };
      timeToConvert: { steps: { id: string }[] };
    };
    expect(report.breakdown.rows.map((r) => r.value)).toEqual(['google', 'line']);
    expect(report.breakdown.others.values).toBe(1);
    expect(report.trend.buckets.map((b) => b.label)).toEqual(['2026-11']);
    expect(report.comparison.previous.from).toBe('2026-10-18');
    expect(report.timeToConvert.steps.map((s) => s.id)).toEqual(['add_to_cart', 'purchase']);
  });

  it.each([
    ['interval=days', /^interval: must be day, week or month \(got "days"\)\.$/],
    ['breakdown=utm_sorce', /^breakdown: unknown dimension "utm_sorce"; use one of channel/],
    ['breakdownLimit=0', /^breakdownLimit: must be a whole number from 1 to 500/],
    ['compare=last', /^compare: must be previous/],
    ['timeToConvert=yes', /^timeToConvert: must be true or false/],
    ['from=2026-2-1', /^from: must be a date like 2026-11-01/],
    ['from=2026-02-30', /^from must be a real date/],
    ['interva=day', /^interva: not a parameter of this endpoint; it takes from, to, breakdown/],
    ['compare=previous&from=2026-11-01', /^compare: comparing with the previous period needs both from and to/],
  ])('%s → 400 naming the field', async (qs, message) => {
    const { status, body } = await get(`/shop/funnels/buy?${qs}`);
    expect(status).toBe(400);
    const error = (body as { error: { message: string; message_ja: string } }).error;
    expect(error.message).toMatch(message);
    expect(error.message_ja.length).toBeGreaterThan(5);
  });

  it('names two wrong fields at once, in English and Japanese', async () => {
    const { body } = await get('/shop/funnels/buy?interval=x&timeToConvert=maybe');
    const error = (body as { error: { message: string; message_ja: string } }).error;
    expect(error.message).toBe('interval: must be day, week or month (got "x"); timeToConvert: must be true or false (got "maybe").');
    expect(error.message_ja).toContain('interval: day、week、month のいずれかを指定してください（指定値: "x"）');
  });
});

describe('GET /:site/funnels/:funnel/dropped', () => {
  it('JSON by default', async () => {
    const { status, body } = await get(`/shop/funnels/buy/dropped?step=product_detail&${RANGE}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ step: 'product_detail', total: 2, truncated: false, units: [{ visitor: 'c' }, { visitor: 'f' }] });
  });

  it('CSV with a header, as an attachment', async () => {
    const { status, body, res } = await get(`/shop/funnels/buy/dropped?step=add_to_cart&format=csv&${RANGE}`);
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="shop-buy-dropped-after-add_to_cart.csv"');
    expect(parse(body as string)).toEqual([
      ['visitor', 'product_detail_at', 'add_to_cart_at'],
      ['b', '2026-11-01T14:00:00Z', '2026-11-01T14:00:30Z'],
    ]);
  });

  it('refuses a missing or unknown step and a bad format', async () => {
    const missing = await get('/shop/funnels/buy/dropped');
    expect((missing.body as { error: { message: string } }).error.message).toBe(
      'step: must be the id of the step the visitors reached last (missing).',
    );
    const last = await get('/shop/funnels/buy/dropped?step=purchase');
    expect(last.status).toBe(400);
    expect((last.body as { error: { message: string } }).error.message).toMatch(/^step: "purchase" is the last step/);
    const format = await get('/shop/funnels/buy/dropped?step=add_to_cart&format=xlsx');
    expect((format.body as { error: { message: string } }).error.message).toBe('format: must be json or csv (got "xlsx").');
    const unknown = await get('/shop/funnels/nope/dropped?step=add_to_cart');
    expect(unknown.status).toBe(404);
  });
});
