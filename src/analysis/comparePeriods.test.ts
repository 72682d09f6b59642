import { describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../test/helpers/tokyoShopUnits.ts';
import { comparePeriods } from './comparePeriods.ts';
import { periodComparisonSchema } from './funnelExtrasReport.ts';

const current = { from: '2026-11-01', to: '2026-11-14', counts: [5, 3, 2] };
const previous = { from: '2026-10-18', to: '2026-10-31', counts: [4, 2, 1] };

describe('comparePeriods', () => {
  const c = comparePeriods(current, previous, STEP_IDS);

  it('compares counts and step rates: cart 3/5 = 60 % now vs 2/4 = 50 % before', () => {
    expect(periodComparisonSchema.parse(c)).toEqual(c);
    expect(c.steps.map((s) => [s.id, s.countChange.absolute, s.countChange.relative])).toEqual([
      ['product_detail', 1, 0.25],
      ['add_to_cart', 1, 0.5],
      ['purchase', 1, 1],
    ]);
    const cart = c.steps[1];
    expect(cart?.current).toMatchObject({ count: 3, of: 5, rate: 0.6 });
    expect(cart?.previous).toMatchObject({ count: 2, of: 4, rate: 0.5 });
    expect(cart?.change?.absolute).toBeCloseTo(0.1, 12);
    expect(cart?.change?.relative).toBeCloseTo(0.2, 12);
    // Newcombe interval for 3/5 − 2/4: −0.4088 … 0.5497, so with these few visitors: not significant.
    expect(cart?.change?.low).toBeCloseTo(-0.4088, 4);
    expect(cart?.change?.high).toBeCloseTo(0.5497, 4);
    expect([cart?.significant, cart?.intervalsOverlap]).toEqual([false, true]);
  });

  it('has no rate change for the first step, and compares the overall rate 2/5 vs 1/4', () => {
    expect(c.steps[0]).toMatchObject({ change: null, significant: null, intervalsOverlap: null });
    expect(c.steps[0]?.current).toEqual({ count: 5, of: null, rate: null, ci: null });
    expect(c.overall.current).toMatchObject({ count: 2, of: 5, rate: 0.4 });
    expect(c.overall.previous).toMatchObject({ count: 1, of: 4, rate: 0.25 });
    expect(c.overall.change?.absolute).toBeCloseTo(0.15, 12);
    expect(c.current).toEqual({ from: '2026-11-01', to: '2026-11-14' });
    expect(c.previous).toEqual({ from: '2026-10-18', to: '2026-10-31' });
    expect(c.test).toMatch(/Newcombe/);
  });

  it('30.0 % vs 25.0 % of 1000: significant although the two intervals overlap', () => {
    const big = comparePeriods({ ...current, counts: [1000, 300] }, { ...previous, counts: [1000, 250] }, ['view', 'cart']);
    const cart = big.steps[1];
    // Wilson: 0.2724 … 0.3291 now, 0.2242 … 0.2778 before — they overlap on 0.2724 … 0.2778.
    expect(cart?.intervalsOverlap).toBe(true);
    expect(cart?.change?.low).toBeCloseTo(0.0109, 4);
    expect(cart?.change?.high).toBeCloseTo(0.0889, 4);
    expect(cart?.significant).toBe(true);
  });

  it('gives null, not Infinity, where the previous period had nobody', () => {
    const empty = comparePeriods(current, { ...previous, counts: [0, 0, 0] }, STEP_IDS);
    expect(empty.steps[0]?.countChange).toEqual({ absolute: 5, relative: null });
    expect(empty.steps[1]).toMatchObject({ change: null, significant: null, intervalsOverlap: null });
  });
});
