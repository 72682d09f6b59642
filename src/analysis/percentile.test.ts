import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.ts';

describe('percentile (linear, as numpy.percentile / Excel PERCENTILE.INC)', () => {
  it('median of an even count is the mean of the middle two', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([480, 3600], 0.5)).toBe(2040);
  });

  it('p90 of [30, 120, 3600]: rank 1.8 → 120 + 0.8 × 3480 = 2904', () => {
    expect(percentile([30, 120, 3600], 0.9)).toBeCloseTo(2904, 9);
  });

  it('ends and edge cases', () => {
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 5], 0)).toBe(1);
    expect(percentile([1, 5], 1)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});
