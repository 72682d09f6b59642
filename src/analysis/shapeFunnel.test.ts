import { describe, expect, it } from 'vitest';
import { funnelReportSchema, shapedFunnelSchema } from './funnelReport.ts';
import { shapeFunnel } from './shapeFunnel.ts';

const STEPS = [
  { id: 'visit', label: { en: 'Visit', ja: '訪問' } },
  { id: 'product_detail', label: 'Product page' },
  { id: 'add_to_cart', label: { en: 'Add to cart' } },
];

describe('shapeFunnel', () => {
  it('rates, drop-offs and intervals by hand: 1000 → 800 → 240', () => {
    const shaped = shapeFunnel([1000, 800, 240], STEPS);
    expect(shaped.steps.map((s) => s.rateFromPrevious)).toEqual([null, 0.8, 0.3]);
    expect(shaped.steps.map((s) => s.rateFromStart)).toEqual([1, 0.8, 0.24]);
    expect(shaped.steps.map((s) => s.dropOff)).toEqual([0, 200, 560]);
    expect(shaped.steps[0]?.ci).toBeNull();
    expect(shaped.steps[1]?.ci?.low).toBeCloseTo(0.7741, 4);
    expect(shaped.overallRate).toBe(0.24);
    expect(shapedFunnelSchema.parse(shaped)).toEqual(shaped);
  });

  it('normalises labels to { en, ja? }', () => {
    const labels = shapeFunnel([3, 2, 1], STEPS).steps.map((s) => s.label);
    expect(labels).toEqual([{ en: 'Visit', ja: '訪問' }, { en: 'Product page' }, { en: 'Add to cart' }]);
  });

  it('gives null rates, not 0 or NaN, where nobody reached the step before', () => {
    const shaped = shapeFunnel([0, 0, 0], STEPS);
    expect(shaped.steps.map((s) => [s.rateFromPrevious, s.rateFromStart, s.ci])).toEqual([
      [null, null, null],
      [null, null, null],
      [null, null, null],
    ]);
    expect(shaped.overallRate).toBeNull();
    const partly = shapeFunnel([5, 0, 0], STEPS);
    expect(partly.steps.map((s) => s.rateFromPrevious)).toEqual([null, 0, null]);
  });

  it('refuses counts that do not fit the steps or grow along the funnel', () => {
    expect(() => shapeFunnel([1, 1], STEPS)).toThrow(/2 counts for 3 steps/);
    expect(() => shapeFunnel([1, 2, 0], STEPS)).toThrow(/never increase/);
  });

  it('fits the report schema once the report fields are added', () => {
    const report = { site: 's', funnel: 'f', label: { en: 'F' }, window: 604800, from: null, to: '2026-11-30', ...shapeFunnel([2, 1, 1], STEPS) };
    expect(funnelReportSchema.parse(report)).toEqual(report);
  });
});
