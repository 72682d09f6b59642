import { describe, expect, it } from 'vitest';
import { addLevel, stepStats } from './stepStats.ts';

describe('stepStats', () => {
  it('5 → 3 → 2: rates from the previous step and from the start, each with its interval', () => {
    const { steps, overallRate, overallCi } = stepStats([5, 3, 2], ['view', 'cart', 'buy']);
    expect(steps.map((s) => [s.count, s.rateFromPrevious, s.rateFromStart])).toEqual([
      [5, null, 1],
      [3, 0.6, 0.6],
      [2, 2 / 3, 0.4],
    ]);
    expect(steps[0]?.ci).toBeNull();
    expect(steps[0]?.ciFromStart).toBeNull();
    // Wilson 3 of 5: 0.2307 … 0.8824
    expect(steps[1]?.ci?.low).toBeCloseTo(0.2307, 4);
    expect(steps[1]?.ci?.high).toBeCloseTo(0.8824, 4);
    expect(overallRate).toBe(0.4);
    expect(overallCi).toEqual(steps[2]?.ciFromStart);
  });

  it('null rates where nobody reached the step before', () => {
    const { steps, overallRate, overallCi } = stepStats([0, 0], ['view', 'cart']);
    expect(steps.map((s) => [s.rateFromPrevious, s.ci, s.rateFromStart])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect([overallRate, overallCi]).toEqual([null, null]);
  });

  it('addLevel counts a unit in every step up to its level', () => {
    const counts = [0, 0, 0];
    addLevel(counts, 2);
    addLevel(counts, 0);
    addLevel(counts, 3);
    expect(counts).toEqual([2, 2, 1]);
  });
});
