import { describe, expect, it } from 'vitest';
import { fakeFunnelStore } from '../../test/helpers/fakeFunnelStore.ts';
import { CURRENT_UNITS, LEVEL_ZERO, PREVIOUS_UNITS, TOKYO_SHOP as loaded } from '../../test/helpers/tokyoShopUnits.ts';
import { BadRequestError } from './errors.ts';
import { droppedReportSchema } from './funnelExtrasReport.ts';
import { droppedReportJson, runDropped } from './runDropped.ts';

const store = fakeFunnelStore([...CURRENT_UNITS, ...PREVIOUS_UNITS, LEVEL_ZERO]);
const range = { from: '2026-11-01', to: '2026-11-14' };

describe('runDropped', () => {
  it('lists who stopped after the product page in the range: c, then f', async () => {
    const result = await runDropped(store, loaded, 'shop', 'buy', 'product_detail', range);
    const json = droppedReportJson(result);
    expect(droppedReportSchema.parse(json)).toEqual(json);
    expect(json).toMatchObject({ site: 'shop', funnel: 'buy', step: 'product_detail', unit: 'visitor', total: 2, truncated: false });
    expect(json.units).toEqual([
      { visitor: 'c', session: null, reachedAt: { product_detail: '2026-11-02T01:00:00Z' } },
      { visitor: 'f', session: null, reachedAt: { product_detail: '2026-10-31T15:30:00Z' } },
    ]);
    expect(result.reachedStepIds).toEqual(['product_detail']);
  });

  it('cuts to the limit and says so', async () => {
    const json = droppedReportJson(await runDropped(store, loaded, 'shop', 'buy', 'product_detail', range, 1));
    expect([json.total, json.truncated, json.units.map((u) => u.visitor)]).toEqual([2, true, ['c']]);
  });

  it('refuses an unknown step and the last step, listing the usable ones', async () => {
    await expect(runDropped(store, loaded, 'shop', 'buy', 'cart', range)).rejects.toThrow(BadRequestError);
    await expect(runDropped(store, loaded, 'shop', 'buy', 'cart', range)).rejects.toThrow(
      'step: funnel "buy" has no step "cart"; use one of product_detail, add_to_cart (the step the visitors reached last).',
    );
    await expect(runDropped(store, loaded, 'shop', 'buy', 'purchase', range)).rejects.toThrow(/"purchase" is the last step/);
  });
});
