/**
 * Hand-made funnel units for a Tokyo shop (UTC+9, no DST), steps product_detail → add_to_cart →
 * purchase, window 1 day. The e2e test test/funnelReports.e2e.test.ts sends the events behind the
 * same units, so unit tests and the real server are checked against one set of hand-computed numbers.
 *
 * Current period, Tokyo days 2026-11-01 … 2026-11-14 (UTC 2026-10-31T15:00Z … 2026-11-14T15:00Z):
 *   a  google  viewed 11-01T23:30Z (Tokyo 11-02 08:30), cart +2m, purchase +8m    level 3
 *   b  google  viewed 11-01T14:00Z (Tokyo 11-01 23:00), cart +30s                 level 2
 *   c  line    viewed 11-02T01:00Z (Tokyo 11-02 10:00)                            level 1
 *   d  (none)  viewed 11-09T03:00Z (Tokyo 11-09 12:00, a Monday), cart +1h, purchase +1h   level 3
 *   f  line    viewed 10-31T15:30Z (Tokyo 11-01 00:30)                            level 1
 *   → counts [5, 3, 2]
 * Previous period, Tokyo 2026-10-18 … 2026-10-31:
 *   p1 google 10-20T03:00Z, +1m, +1m (level 3); p2 10-21T03:00Z (1); p3 10-25T10:00Z (1);
 *   g 10-31T14:30Z (Tokyo 10-31 23:30), cart +5m (2)   → counts [4, 2, 1]
 * e added to cart without viewing a product: level 0, in no count.
 */
import { configSchema, type Site } from '../../src/schema/config.ts';
import type { FunnelUnit } from '../../src/store/EventStore.ts';
import { unit } from './fakeFunnelStore.ts';

const config = configSchema.parse({
  sites: [{ id: 'shop', timezone: 'Asia/Tokyo' }],
  microConversions: [
    { id: 'product_detail', label: { en: 'Product detail', ja: '商品詳細' }, match: { event: 'view_item' } },
    { id: 'add_to_cart', label: { en: 'Add to cart', ja: 'カート追加' }, match: { event: 'add_to_cart' } },
    { id: 'purchase', label: { en: 'Purchase', ja: '購入' }, match: { event: 'purchase' } },
  ],
  funnels: [{ id: 'buy', label: { en: 'Buying', ja: '購入' }, steps: ['product_detail', 'add_to_cart', 'purchase'], window: '1d' }],
});
/** The config behind the units: site `shop` (Asia/Tokyo), funnel `buy` with a 1-day window. */
export const TOKYO_SHOP = { config, path: null, sites: new Map<string, Site>(config.sites.map((s) => [s.id, s])) };

export const STEP_IDS = ['product_detail', 'add_to_cart', 'purchase'] as const;

export const CURRENT_UNITS: FunnelUnit[] = [
  unit('a', ['2026-11-01T23:30:00Z', '2026-11-01T23:32:00Z', '2026-11-01T23:40:00Z'], 'google'),
  unit('b', ['2026-11-01T14:00:00Z', '2026-11-01T14:00:30Z', null], 'google'),
  unit('c', ['2026-11-02T01:00:00Z', null, null], 'line'),
  unit('d', ['2026-11-09T03:00:00Z', '2026-11-09T04:00:00Z', '2026-11-09T05:00:00Z'], null),
  unit('f', ['2026-10-31T15:30:00Z', null, null], 'line'),
];

export const PREVIOUS_UNITS: FunnelUnit[] = [
  unit('p1', ['2026-10-20T03:00:00Z', '2026-10-20T03:01:00Z', '2026-10-20T03:02:00Z'], 'google'),
  unit('p2', ['2026-10-21T03:00:00Z', null, null]),
  unit('p3', ['2026-10-25T10:00:00Z', null, null]),
  unit('g', ['2026-10-31T14:30:00Z', '2026-10-31T14:35:00Z', null]),
];

export const LEVEL_ZERO: FunnelUnit = unit('e', [null, null, null]);
