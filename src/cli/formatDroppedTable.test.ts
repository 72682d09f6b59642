import { describe, expect, it } from 'vitest';
import { droppedReportJson, runDropped } from '../analysis/runDropped.ts';
import { fakeFunnelStore } from '../../test/helpers/fakeFunnelStore.ts';
import { CURRENT_UNITS, TOKYO_SHOP } from '../../test/helpers/tokyoShopUnits.ts';
import { formatDroppedTable } from './formatDroppedTable.ts';

describe('formatDroppedTable', () => {
  it('the total, the latest units with their times, and how to get the rest', async () => {
    const result = await runDropped(fakeFunnelStore(CURRENT_UNITS), TOKYO_SHOP, 'shop', 'buy', 'product_detail', { from: '2026-11-01', to: '2026-11-14' }, 1);
    const text = formatDroppedTable(droppedReportJson(result), 'en');
    expect(text.split('\n')).toEqual([
      'Reached product_detail and not the next step · shop/buy · 2026-11-01 – 2026-11-14: 2 visitors',
      '',
      'Visitor  product_detail (UTC)',
      'c        2026-11-02 01:00:00',
      '',
      '… showing the latest 1 of 2; add --csv for all of them, or --limit N.',
    ]);
    expect(formatDroppedTable(droppedReportJson(result), 'ja')).toContain('2 件のうち新しい 1 件');
  });
});
