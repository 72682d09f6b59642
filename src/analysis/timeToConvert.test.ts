import { describe, expect, it } from 'vitest';
import { unit } from '../../test/helpers/fakeFunnelStore.ts';
import { CURRENT_UNITS, LEVEL_ZERO, STEP_IDS } from '../../test/helpers/tokyoShopUnits.ts';
import { timeToConvertSchema } from './funnelExtrasReport.ts';
import { timeToConvert } from './timeToConvert.ts';

const DAY = 86_400;

describe('timeToConvert', () => {
  const ttc = timeToConvert([...CURRENT_UNITS, LEVEL_ZERO], { stepIds: STEP_IDS, windowSeconds: DAY });

  it('cart: b 30 s, a 2 min, d 1 h → median 120 s, p90 2904 s', () => {
    expect(timeToConvertSchema.parse(ttc)).toEqual(ttc);
    const cart = ttc.steps[0];
    expect(cart?.id).toBe('add_to_cart');
    expect(cart?.fromPrevious).toMatchObject({ count: 3, median: 120 });
    expect(cart?.fromPrevious?.p90).toBe(2904);
    // From the start is the same thing for the second step.
    expect(cart?.fromStart).toEqual(cart?.fromPrevious);
  });

  it('purchase: a 8 min and d 1 h after the cart (median 2040 s), 10 min and 2 h after the view', () => {
    const buy = ttc.steps[1];
    expect(buy?.fromPrevious).toMatchObject({ count: 2, median: 2040 });
    expect(buy?.fromPrevious?.p90).toBe(3288);
    expect(buy?.fromStart).toMatchObject({ count: 2, median: 3900 });
    expect(buy?.fromStart.p90).toBe(6540);
  });

  it('puts durations in buckets [from, to), edges up to the window, the last one open', () => {
    const histogram = ttc.steps[0]?.fromPrevious?.histogram ?? [];
    expect(histogram.map((b) => b.from)).toEqual([0, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400]);
    expect(histogram.at(-1)).toEqual({ from: 86400, to: null, count: 0 });
    const filled = histogram.filter((b) => b.count > 0).map((b) => [b.from, b.to, b.count]);
    expect(filled).toEqual([
      [30, 60, 1],
      [120, 300, 1],
      [3600, 7200, 1],
    ]);
    const fromStart = ttc.steps[1]?.fromStart.histogram.filter((b) => b.count > 0).map((b) => [b.from, b.count]);
    expect(fromStart).toEqual([
      [600, 1],
      [7200, 1],
    ]);
  });

  it('a duration equal to the window lands in the last bucket', () => {
    const edge = timeToConvert([unit('x', ['2026-11-01T00:00:00Z', '2026-11-01T01:00:00Z'])], {
      stepIds: ['a', 'b'],
      windowSeconds: 3600,
    });
    expect(edge.steps[0]?.fromPrevious?.histogram.at(-1)).toEqual({ from: 3600, to: null, count: 1 });
  });

  it('in any order there is no previous step; times count from the earliest step', () => {
    const any = timeToConvert([unit('x', ['2026-11-01T00:10:00Z', '2026-11-01T00:00:00Z', '2026-11-01T00:30:00Z'])], {
      stepIds: STEP_IDS,
      windowSeconds: DAY,
      order: 'any',
    });
    expect(any.steps.map((s) => [s.fromPrevious, s.fromStart.median])).toEqual([
      [null, 0],
      [null, 1800],
    ]);
    // Level 2: the purchase time is unknown (NaN) and must not spoil the start.
    const two = timeToConvert([unit('y', ['2026-11-01T00:10:00Z', '2026-11-01T00:00:00Z', null], null, 2)], {
      stepIds: STEP_IDS,
      windowSeconds: DAY,
      order: 'any',
    });
    expect(two.steps.map((s) => [s.fromStart.count, s.fromStart.median])).toEqual([
      [1, 0],
      [0, null],
    ]);
  });

  it('has no median without conversions', () => {
    const none = timeToConvert([unit('x', ['2026-11-01T00:00:00Z', null])], { stepIds: ['a', 'b'], windowSeconds: 60 });
    expect(none.steps[0]?.fromPrevious).toMatchObject({ count: 0, median: null, p90: null });
  });
});
