import { describe, expect, it } from 'vitest';
import { CURRENT_UNITS, LEVEL_ZERO, STEP_IDS } from '../../test/helpers/tokyoShopUnits.ts';
import { breakdownFunnel } from './breakdownFunnel.ts';
import { funnelBreakdownSchema } from './funnelExtrasReport.ts';

describe('breakdownFunnel', () => {
  const units = [...CURRENT_UNITS, LEVEL_ZERO];

  it('counts each value from the first step on: google [2,2,1], line [2,0,0], not set [1,1,1]', () => {
    const b = breakdownFunnel(units, { stepIds: STEP_IDS, dimension: 'utm_source' });
    expect(funnelBreakdownSchema.parse(b)).toEqual(b);
    expect(b).toMatchObject({ dimension: 'utm_source', attributedAt: 'first_step', total: 5, others: null });
    expect(b.rows.map((r) => [r.value, r.steps.map((s) => s.count)])).toEqual([
      ['google', [2, 2, 1]],
      ['line', [2, 0, 0]],
      [null, [1, 1, 1]],
    ]);
    const google = b.rows[0];
    expect(google?.share).toBe(0.4);
    expect(google?.steps.map((s) => s.rateFromPrevious)).toEqual([null, 1, 0.5]);
    expect(google?.overallRate).toBe(0.5);
    // Wilson 2 of 5 for the share: 0.1176 … 0.7693
    expect(google?.shareCi?.low).toBeCloseTo(0.1176, 4);
    expect(google?.shareCi?.high).toBeCloseTo(0.7693, 4);
    // line: nobody added to cart, so the cart→purchase rate has no denominator.
    expect(b.rows[1]?.steps.map((s) => s.rateFromPrevious)).toEqual([null, 0, null]);
  });

  it('merges values past the limit into others', () => {
    const b = breakdownFunnel(units, { stepIds: STEP_IDS, dimension: 'utm_source', limit: 1 });
    expect(b.rows.map((r) => r.value)).toEqual(['google']);
    expect(b.others?.values).toBe(2);
    expect(b.others?.steps.map((s) => s.count)).toEqual([3, 1, 1]);
    expect(b.others?.share).toBe(0.6);
  });

  it('is empty, not broken, when no unit reached the first step', () => {
    const b = breakdownFunnel([LEVEL_ZERO], { stepIds: STEP_IDS, dimension: 'channel' });
    expect(b).toEqual({ dimension: 'channel', attributedAt: 'first_step', total: 0, rows: [], others: null });
  });
});
