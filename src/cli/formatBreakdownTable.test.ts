import { describe, expect, it } from 'vitest';
import { tokyoShopReport } from '../../test/helpers/tokyoShopReport.ts';
import { formatBreakdownTable } from './formatBreakdownTable.ts';

describe('formatBreakdownTable', () => {
  it('one row per value: first-step count, share, step rates, overall with its interval', async () => {
    const report = await tokyoShopReport(2);
    const text = formatBreakdownTable(report.breakdown!, report, 'en');
    expect(text).toContain('By utm_source (value at the first step)');
    expect(text).toMatch(/utm_source\s+Product detail\s+Share\s+→ Add to cart\s+→ Purchase\s+Overall\s+95% CI/);
    expect(text).toMatch(/google\s+2\s+40\.0%\s+100\.0%\s+50\.0%\s+50\.0%\s+9\.5%–90\.5%/);
    expect(text).toMatch(/line\s+2\s+40\.0%\s+0\.0%\s+—\s+0\.0%/);
    expect(text).toMatch(/\(1 other value\)\s+1\s+20\.0%/);
  });

  it('in Japanese, with the unset value named', async () => {
    const report = await tokyoShopReport();
    const text = formatBreakdownTable(report.breakdown!, report, 'ja');
    expect(text).toContain('utm_source 別（最初のステップ時点の値）');
    expect(text).toMatch(/（未設定）\s+1\s+20\.0%\s+100\.0%\s+100\.0%/);
  });
});
