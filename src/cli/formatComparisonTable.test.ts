import { describe, expect, it } from 'vitest';
import { tokyoShopReport } from '../../test/helpers/tokyoShopReport.ts';
import { comparePeriods } from '../analysis/comparePeriods.ts';
import { formatComparisonTable } from './formatComparisonTable.ts';

describe('formatComparisonTable', () => {
  it('counts and rates before → now, the change in points with its interval, and a cautious verdict', async () => {
    const report = await tokyoShopReport();
    const text = formatComparisonTable(report.comparison!, report, 'en');
    expect(text).toContain('Compared with 2026-10-18 – 2026-10-31');
    expect(text).toMatch(/Product detail\s+4 → 5\s+—/);
    expect(text).toMatch(/Add to cart\s+2 → 3\s+50\.0% → 60\.0%\s+\+10\.0 pt\s+−40\.9 pt … \+55\.0 pt\s+no clear change/);
    expect(text).toMatch(/Overall\s+1 → 2\s+25\.0% → 40\.0%/);
    expect(text).toContain('Newcombe');
  });

  it('says up or down only when the interval of the change excludes 0', async () => {
    const report = await tokyoShopReport();
    const big = comparePeriods(
      { from: '2026-11-01', to: '2026-11-14', counts: [1000, 300, 30] },
      { from: '2026-10-18', to: '2026-10-31', counts: [1000, 250, 50] },
      ['product_detail', 'add_to_cart', 'purchase'],
    );
    const text = formatComparisonTable(big, report, 'ja');
    expect(text).toMatch(/カート追加\s+250 → 300\s+25\.0% → 30\.0%\s+\+5\.0 pt\s+\+1\.1 pt … \+8\.9 pt\s+▲ 上昇/);
    expect(text).toMatch(/購入\s+50 → 30\s+20\.0% → 10\.0%\s+−10\.0 pt.*▼ 低下/);
  });
});
