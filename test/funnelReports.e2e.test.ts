/**
 * Funnel reports end to end on a real server, on each store engine (embedded, then ClickHouse): breakdown, trend, comparison, time to convert and the
 * dropped-visitors export over a small event set whose answers are worked out by hand below (the
 * same units as test/helpers/tokyoShopUnits.ts, which the unit tests use).
 *
 * Site `shop` is in Asia/Tokyo (UTC+9). Funnel `buy`: product_detail (view_item) → add_to_cart →
 * purchase, window 1 day. Range 2026-11-01 … 2026-11-14 Tokyo = 2026-10-31T15:00Z … 2026-11-14T15:00Z.
 *
 *   visitor  utm_source  product_detail (Tokyo time)     add_to_cart  purchase  level
 *   a        google      11-01T23:30Z (11-02 08:30)      +2m          +10m      3   (cart URL says bing: ignored)
 *   b        google      11-01T14:00Z (11-01 23:00)      +30s         —         2
 *   c,"x"    line        11-02T01:00Z (11-02 10:00)      —            —         1
 *   d        —           11-09T03:00Z (11-09 12:00)      +1h          +2h       3
 *   e        —           —                               11-03        —         0
 *   f        line        10-31T15:30Z (11-01 00:30)      —            —         1
 * → counts [5, 3, 2]. Previous 14 days (10-18 … 10-31 Tokyo): p1 (3), p2 (1), p3 (1), g (2 — viewed
 * 10-31T14:30Z = Tokyo 10-31 23:30, just before the range) → [4, 2, 1].
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extendedFunnelReportSchema, type ExtendedFunnelReport } from '../src/analysis/funnelExtrasReport.ts';
import { runCli, startServerProcess, type ServerProcess } from './helpers/serverProcess.ts';
import { storeEnvs } from './helpers/storeEngines.ts';

const CONFIG = `
sites:
  - id: shop
    timezone: Asia/Tokyo
funnels:
  - id: buy
    label: { en: Buying, ja: 購入 }
    steps: [product_detail, add_to_cart, purchase]
    window: 1d
`;

const page = (source?: string): string => `https://shop.example/p/1${source ? `?utm_source=${source}` : ''}`;
const EVENTS = [
  { visitor: 'a', name: 'view_item', ts: '2026-11-01T23:30:00Z', url: page('google') },
  { visitor: 'a', name: 'add_to_cart', ts: '2026-11-01T23:32:00Z', url: page('bing') },
  { visitor: 'a', name: 'purchase', ts: '2026-11-01T23:40:00Z' },
  { visitor: 'b', name: 'view_item', ts: '2026-11-01T14:00:00Z', url: page('google') },
  { visitor: 'b', name: 'add_to_cart', ts: '2026-11-01T14:00:30Z' },
  { visitor: 'c,"x"', name: 'view_item', ts: '2026-11-02T01:00:00Z', url: page('line') },
  { visitor: 'd', name: 'view_item', ts: '2026-11-09T03:00:00Z' },
  { visitor: 'd', name: 'add_to_cart', ts: '2026-11-09T04:00:00Z' },
  { visitor: 'd', name: 'purchase', ts: '2026-11-09T05:00:00Z' },
  { visitor: 'e', name: 'add_to_cart', ts: '2026-11-03T00:00:00Z' },
  { visitor: 'f', name: 'view_item', ts: '2026-10-31T15:30:00Z', url: page('line') },
  { visitor: 'p1', name: 'view_item', ts: '2026-10-20T03:00:00Z', url: page('google') },
  { visitor: 'p1', name: 'add_to_cart', ts: '2026-10-20T03:01:00Z' },
  { visitor: 'p1', name: 'purchase', ts: '2026-10-20T03:02:00Z' },
  { visitor: 'p2', name: 'view_item', ts: '2026-10-21T03:00:00Z' },
  { visitor: 'p3', name: 'view_item', ts: '2026-10-25T10:00:00Z' },
  { visitor: 'g', name: 'view_item', ts: '2026-10-31T14:30:00Z' },
  { visitor: 'g', name: 'add_to_cart', ts: '2026-10-31T14:35:00Z' },
].map((e, i) => ({ id: `e${i}`, ...e }));

const RANGE = 'from=2026-11-01&to=2026-11-14';
describe.each(await storeEnvs())('$name store', (engine) => {
  let dataDir: string;
  let server: ServerProcess;

  async function report(qs: string): Promise<ExtendedFunnelReport> {
    const res = await fetch(`${server.url}/api/sites/shop/funnels/buy?${RANGE}&${qs}`);
    expect(res.status).toBe(200);
    return extendedFunnelReportSchema.parse(await res.json());
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'midgoal-reports-'));
    const configPath = path.join(dataDir, 'midgoal.yaml');
    await writeFile(configPath, CONFIG);
    const eventsPath = path.join(dataDir, 'events.ndjson');
    await writeFile(eventsPath, `${EVENTS.map((e) => JSON.stringify(e)).join('\n')}\n`);
    server = await startServerProcess({ dataDir, args: ['--config', configPath], env: { MIDGOAL_NO_DEMO: '1', ...engine.env('reports') } });
    // Fixed dates older than the collector's 30 days go in through `midgoal import`, as history does.
    const imported = await runCli(['import', eventsPath, '--site', 'shop', '--data', dataDir, '--config', configPath], engine.env('reports'));
    expect(imported.code, imported.stderr).toBe(0);
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await engine.dispose('reports');
  });

  describe('funnel reports over the API', () => {
    it('keeps the plain report: [5, 3, 2]', async () => {
      const plain = await report('');
      expect(plain.steps.map((s) => s.count)).toEqual([5, 3, 2]);
      expect(plain.breakdown).toBeUndefined();
    });

    it('breaks down by utm_source at the first step: google [2,2,1], line [2,0,0], not set [1,1,1]', async () => {
      const r = await report('breakdown=utm_source');
      expect(r.breakdown?.rows.map((row) => [row.value, row.steps.map((s) => s.count)])).toEqual([
        ['google', [2, 2, 1]],
        ['line', [2, 0, 0]],
        [null, [1, 1, 1]],
      ]);
      expect(r.breakdown?.rows[0]?.share).toBe(0.4);
    });

    it('trends by Tokyo week and day: a (11-01T23:30Z) counts on Monday 2 November', async () => {
      const weeks = await report('interval=week');
      expect(weeks.trend?.buckets.map((b) => [b.label, b.partial, b.steps.map((s) => s.count)])).toEqual([
        ['2026-W44', true, [2, 1, 0]],
        ['2026-W45', false, [2, 1, 1]],
        ['2026-W46', true, [1, 1, 1]],
      ]);
      const days = await report('interval=day');
      expect(days.trend?.buckets).toHaveLength(14);
      expect(days.trend?.buckets.filter((b) => (b.steps[0]?.count ?? 0) > 0).map((b) => [b.label, b.steps.map((s) => s.count)])).toEqual([
        ['2026-11-01', [2, 1, 0]],
        ['2026-11-02', [2, 1, 1]],
        ['2026-11-09', [1, 1, 1]],
      ]);
    });

    it('compares with 2026-10-18 … 10-31: [5, 3, 2] against [4, 2, 1]', async () => {
      const r = await report('compare=previous');
      expect(r.comparison?.previous).toEqual({ from: '2026-10-18', to: '2026-10-31' });
      expect(r.comparison?.steps.map((s) => [s.current.count, s.previous.count])).toEqual([
        [5, 4],
        [3, 2],
        [2, 1],
      ]);
      expect(r.comparison?.steps[1]?.change?.absolute).toBeCloseTo(0.6 - 0.5, 10);
      expect(r.comparison?.steps[1]?.significant).toBe(false);
    });

    it('times each step: cart 30 s, 2 m, 1 h (median 120 s); purchase 8 m, 1 h (median 2040 s)', async () => {
      const r = await report('timeToConvert=true');
      const [cart, buy] = r.timeToConvert?.steps ?? [];
      expect(cart?.fromPrevious).toMatchObject({ count: 3, median: 120 });
      expect(cart?.fromPrevious?.p90).toBe(2904);
      expect(buy?.fromPrevious).toMatchObject({ count: 2, median: 2040 });
      expect(buy?.fromStart).toMatchObject({ count: 2, median: 3900 });
      expect(cart?.fromPrevious?.histogram.filter((b) => b.count > 0).map((b) => b.from)).toEqual([30, 120, 3600]);
    });

    it('lists who stopped after the product page, as JSON and as CSV', async () => {
      const json = await fetch(`${server.url}/api/sites/shop/funnels/buy/dropped?step=product_detail&${RANGE}`);
      expect(await json.json()).toMatchObject({
        total: 2,
        units: [
          { visitor: 'c,"x"', reachedAt: { product_detail: '2026-11-02T01:00:00Z' } },
          { visitor: 'f', reachedAt: { product_detail: '2026-10-31T15:30:00Z' } },
        ],
      });
      const csv = await fetch(`${server.url}/api/sites/shop/funnels/buy/dropped?step=add_to_cart&format=csv&${RANGE}`);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(await csv.text()).toBe('visitor,product_detail_at,add_to_cart_at\r\nb,2026-11-01T14:00:00Z,2026-11-01T14:00:30Z\r\n');
    });

    it('names the wrong field', async () => {
      const res = await fetch(`${server.url}/api/sites/shop/funnels/buy?interval=fortnight`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string; message_ja: string } };
      expect(body.error.message).toBe('interval: must be day, week or month (got "fortnight").');
      expect(body.error.message_ja).toContain('interval:');
    });
  });

  describe('the same through the CLI while the server owns the store', () => {
    const base = ['--site', 'shop', '--funnel', 'buy', '--from', '2026-11-01', '--to', '2026-11-14'];

    it('funnel --breakdown --interval --compare --time-to-convert --json', async () => {
      const out = await runCli(['funnel', ...base, '--data', dataDir, '--breakdown', 'utm_source', '--interval', 'week', '--compare', '--time-to-convert', '--json'], engine.env('reports'));
      expect(out.code, out.stderr).toBe(0);
      const r = extendedFunnelReportSchema.parse(JSON.parse(out.stdout));
      expect(r.breakdown?.rows.map((row) => row.value)).toEqual(['google', 'line', null]);
      expect(r.trend?.buckets.map((b) => b.label)).toEqual(['2026-W44', '2026-W45', '2026-W46']);
      expect(r.comparison?.steps.map((s) => s.previous.count)).toEqual([4, 2, 1]);
      expect(r.timeToConvert?.steps[0]?.fromPrevious?.median).toBe(120);
    });

    it('prints tables in Japanese', async () => {
      const out = await runCli(['funnel', ...base, '--data', dataDir, '--interval', 'week', '--lang', 'ja']);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toContain('週別（ISO 週、月曜始まり）');
      expect(out.stdout).toMatch(/2026-W45 \(11-02\)\s+2\s+50\.0%\s+100\.0%/);
    });

    it('dropped --csv prints the export; a typo in --breakdown names the choices', async () => {
      const out = await runCli(['dropped', ...base, '--step', 'product_detail', '--csv', '--data', dataDir]);
      expect(out.code, out.stderr).toBe(0);
      expect(parse(out.stdout)).toEqual([
        ['visitor', 'product_detail_at'],
        ['c,"x"', '2026-11-02T01:00:00Z'],
        ['f', '2026-10-31T15:30:00Z'],
      ]);
      const bad = await runCli(['funnel', ...base, '--data', dataDir, '--breakdown', 'utm_sorce']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('unknown dimension "utm_sorce"; use one of channel, utm_source');
      const help = await runCli(['dropped', '--help']);
      expect(help.stdout).toContain('Usage: midgoal dropped');
    });
  });
});
