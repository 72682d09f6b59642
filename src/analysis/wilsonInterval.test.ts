import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilsonInterval.ts';

describe('wilsonInterval', () => {
  it('800 of 1000 at 95 %: 0.7741 … 0.8236', () => {
    const ci = wilsonInterval(800, 1000);
    expect(ci?.low).toBeCloseTo(0.7741, 4);
    expect(ci?.high).toBeCloseTo(0.8236, 4);
  });

  it('0 of n: [0, z² / (n + z²)]; n of n: [n / (n + z²), 1]', () => {
    const z2 = 1.96 * 1.96;
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(z2 / (10 + z2), 12) });
    expect(wilsonInterval(10, 10)).toEqual({ low: expect.closeTo(10 / (10 + z2), 12), high: 1 });
  });

  it('is symmetric around a half: 5 of 10 gives 0.2366 … 0.7634', () => {
    const ci = wilsonInterval(5, 10);
    expect(ci?.low).toBeCloseTo(0.2366, 4);
    expect(ci?.high).toBeCloseTo(0.7634, 4);
  });

  it('widens with z: z = 2.576 (99 %) on 27 of 54', () => {
    const narrow = wilsonInterval(27, 54);
    const wide = wilsonInterval(27, 54, 2.576);
    expect(wide && narrow && wide.low < narrow.low && wide.high > narrow.high).toBe(true);
  });

  it('has no interval without trials, and refuses impossible input', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(/successes <= trials/);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });
});
