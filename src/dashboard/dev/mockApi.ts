/**
 * Dev-only stand-in for the JSON API (not bundled): lets the dashboard be worked on without a server.
 * MIDGOAL_MOCK=1 answers with the demo shop's numbers, =empty with an empty store, =error with an
 * API error on the funnel route.
 */
import type { Plugin } from 'vite';

const STEPS = [
  { id: 'visit', label: { en: 'Visit', ja: 'サイト訪問' }, count: 1000 },
  { id: 'product_detail', label: { en: 'Product detail viewed', ja: '商品詳細ページ閲覧' }, count: 800 },
  { id: 'add_to_cart', label: { en: 'Added to cart', ja: 'カート追加' }, count: 240 },
  { id: 'checkout_info', label: { en: 'Customer-info form reached', ja: 'お客様情報入力画面への到達' }, count: 72 },
  { id: 'checkout_confirm', label: { en: 'Confirm page reached', ja: '確認画面への到達' }, count: 54 },
  { id: 'purchase', label: { en: 'Purchase', ja: '購入完了' }, count: 27 },
];

/** Wilson score interval, 95%. */
function wilson(successes: number, trials: number): { low: number; high: number } {
  const z = 1.959964;
  const p = successes / trials;
  const denom = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denom;
  return { low: centre - half, high: centre + half };
}

function report(from: string, to: string): unknown {
  const first = STEPS[0]?.count ?? 0;
  return {
    site: 'demo',
    funnel: 'purchase',
    label: { en: 'Purchase funnel', ja: '購入までのファネル' },
    window: 7 * 86400,
    from,
    to,
    overallRate: (STEPS[STEPS.length - 1]?.count ?? 0) / first,
    steps: STEPS.map((s, i) => {
      const prev = STEPS[i - 1]?.count;
      return {
        id: s.id,
        label: s.label,
        count: s.count,
        rateFromPrevious: prev === undefined ? null : s.count / prev,
        rateFromStart: s.count / first,
        dropOff: prev === undefined ? 0 : prev - s.count,
        ci: prev === undefined ? null : wilson(s.count, prev),
      };
    }),
  };
}

export function mockApi(): Plugin {
  const mode = process.env.MIDGOAL_MOCK;
  return {
    name: 'midgoal-mock-api',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const send = (status: number, body: unknown): void => {
          res.statusCode = status;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(body));
        };
        if (url.pathname === '/api/health') return send(200, { ok: true, events: mode === 'empty' ? 0 : 48_213, lag: 0 });
        if (url.pathname === '/api/sites') {
          return send(200, {
            sites: [
              {
                id: 'demo',
                name: 'Demo Shop / デモショップ',
                timezone: 'Asia/Tokyo',
                currency: 'JPY',
                funnels: [
                  {
                    id: 'purchase',
                    label: { en: 'Purchase funnel', ja: '購入までのファネル' },
                    steps: STEPS.map(({ id, label }) => ({ id, label })),
                    windowSeconds: 7 * 86400,
                  },
                ],
              },
            ],
          });
        }
        if (url.pathname === '/api/sites/demo/funnels/purchase') {
          if (mode === 'error') {
            return send(400, {
              error: { code: 'bad_query', message: 'from must be a date like 2026-11-01.', message_ja: '日付は 2026-11-01 の形式で指定してください。' },
            });
          }
          return send(200, report(url.searchParams.get('from') ?? '', url.searchParams.get('to') ?? ''));
        }
        if (url.pathname.startsWith('/api/')) {
          return send(404, { error: { code: 'not_found', message: `No API endpoint ${req.method} ${url.pathname}.` } });
        }
        next();
      });
    },
  };
}
