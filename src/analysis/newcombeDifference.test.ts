import { describe, expect, it } from 'vitest';
import { newcombeDifference } from './newcombeDifference.ts';

describe('newcombeDifference', () => {
  it("Newcombe's (1998) worked example: 56/70 − 48/80 = 0.2, interval 0.0524 … 0.3339", () => {
    const d = newcombeDifference(56, 70, 48, 80);
    expect(d?.estimate).toBeCloseTo(0.2, 12);
    expect(d?.low).toBeCloseTo(0.0524, 4);
    expect(d?.high).toBeCloseTo(0.3339, 4);
  });

  it('is antisymmetric: swapping the sides flips the interval', () => {
    const ab = newcombeDifference(3, 5, 2, 4);
    const ba = newcombeDifference(2, 4, 3, 5);
    expect(ba?.low).toBeCloseTo(-(ab?.high ?? 0), 12);
    expect(ba?.high).toBeCloseTo(-(ab?.low ?? 0), 12);
  });

  it('has no interval without trials on either side', () => {
    expect(newcombeDifference(0, 0, 1, 2)).toBeNull();
    expect(newcombeDifference(1, 2, 0, 0)).toBeNull();
  });
});
