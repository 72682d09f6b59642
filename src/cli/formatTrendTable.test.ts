import { describe, expect, it } from 'vitest';
import { tokyoShopReport } from '../../test/helpers/tokyoShopReport.ts';
import { formatTrendTable } from './formatTrendTable.ts';

describe('formatTrendTable', () => {
  it('one row per ISO week with its Monday, partial weeks starred', async () => {
    const report = await tokyoShopReport();
    const text = formatTrendTable(report.trend!, report, 'en');
    expect(text).toContain('Weekly (ISO weeks, Monday first) · by the day of the first step, Asia/Tokyo');
    expect(text).toMatch(/2026-W44 \(10-26\)\*\s+2\s+50\.0%\s+0\.0%\s+0\.0%/);
    expect(text).toMatch(/2026-W45 \(11-02\)\s+2\s+50\.0%\s+100\.0%\s+50\.0%/);
    expect(text).toContain('* only part of this period is in the range');
    expect(formatTrendTable(report.trend!, report, 'ja')).toContain('週別（ISO 週、月曜始まり）');
  });
});
