import { describe, expect, it } from 'vitest';
import type { StepReport } from './api.ts';
import { findBottleneck } from './findBottleneck.ts';

/** Steps from counts alone, the way the API would report them. */
function steps(...counts: number[]): StepReport[] {
  return counts.map((count, i) => {
    const prev = counts[i - 1];
    return {
      id: `s${i}`,
      label: { en: `Step ${i}` },
      count,
      rateFromPrevious: prev === undefined ? null : prev === 0 ? 0 : count / prev,
      rateFromStart: counts[0] ? count / counts[0] : 0,
      dropOff: prev === undefined ? 0 : prev - count,
      ci: null,
    };
  });
}

describe('findBottleneck', () => {
  it('picks the lowest step-to-step rate', () => {
    // 500/1000 = 50%, 100/500 = 20%, 60/100 = 60%
    const b = findBottleneck(steps(1000, 500, 100, 60));
    expect(b?.index).toBe(2);
    expect(b?.rate).toBe(0.2);
    expect(b?.previous.count).toBe(500);
  });

  it('breaks a tie by the visitors lost: the demo shop names add-to-cart (560 lost), not the form (168)', () => {
    // 1000 → 800 (80%) → 240 (30%) → 72 (30%) → 54 (75%) → 27 (50%)
    const b = findBottleneck(steps(1000, 800, 240, 72, 54, 27));
    expect(b?.index).toBe(2);
    expect(b?.step.count).toBe(240);
  });

  it('treats rates a rounding error apart as a tie', () => {
    const s = steps(1000, 800, 240, 72);
    const form = s[3];
    if (form) form.rateFromPrevious = 0.3 - 1e-12;
    expect(findBottleneck(s)?.index).toBe(2);
  });

  it('is null when nobody entered the funnel', () => {
    expect(findBottleneck(steps(0, 0, 0))).toBeNull();
  });

  it('skips steps after an empty one (no rate to speak of)', () => {
    // 100 → 10 (10%) → 0 (0%) → 0 (previous is empty: skipped)
    expect(findBottleneck(steps(100, 10, 0, 0))?.index).toBe(2);
  });
});
