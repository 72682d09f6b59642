import { describe, expect, it } from 'vitest';
import { tokyoShopReport } from '../../test/helpers/tokyoShopReport.ts';
import { formatTimeToConvertTable } from './formatTimeToConvertTable.ts';

describe('formatTimeToConvertTable', () => {
  it('median and 90th percentile per step, then histograms from the first to the last filled bucket', async () => {
    const report = await tokyoShopReport();
    const text = formatTimeToConvertTable(report.timeToConvert!, report, 'en');
    // cart: 30 s, 2 m, 1 h → median 2 m, p90 2904 s; purchase: 8 m, 1 h → median 34 m; from start 10 m, 2 h.
    expect(text).toMatch(/Add to cart\s+3\s+2m\s+48m 24s\s+2m\s+48m 24s/);
    expect(text).toMatch(/Purchase\s+2\s+34m\s+54m 48s\s+1h 5m\s+1h 49m/);
    expect(text).toContain('Add to cart, time since Product detail:');
    expect(text).toMatch(/30s–1m\s+█+ 1\n\s+1m–2m\s+0\n/);
    expect(text).toMatch(/1h–2h\s+█+ 1\n\nPurchase/);
  });

  it('in Japanese', async () => {
    const report = await tokyoShopReport();
    expect(formatTimeToConvertTable(report.timeToConvert!, report, 'ja')).toMatch(/購入\s+2\s+34分\s+54分48秒\s+1時間5分/);
  });
});
