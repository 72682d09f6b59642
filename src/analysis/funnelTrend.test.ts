import { describe, expect, it } from 'vitest';
import { CURRENT_UNITS, LEVEL_ZERO, STEP_IDS } from '../../test/helpers/tokyoShopUnits.ts';
import { BadRequestError } from './errors.ts';
import { funnelTrendSchema } from './funnelExtrasReport.ts';
import { funnelTrend } from './funnelTrend.ts';

const units = [...CURRENT_UNITS, LEVEL_ZERO];
const range = { from: '2026-11-01', to: '2026-11-14' };
const counts = (t: ReturnType<typeof funnelTrend>): [string, number[]][] =>
  t.buckets.map((b) => [b.label, b.steps.map((s) => s.count)]);

describe('funnelTrend', () => {
  it('weeks in Tokyo: a (11-01T23:30Z) falls in the week of Monday 2 November, b and f in the week before', () => {
    const t = funnelTrend(units, { stepIds: STEP_IDS, interval: 'week', timeZone: 'Asia/Tokyo', ...range });
    expect(funnelTrendSchema.parse(t)).toEqual(t);
    expect(counts(t)).toEqual([
      ['2026-W44', [2, 1, 0]],
      ['2026-W45', [2, 1, 1]],
      ['2026-W46', [1, 1, 1]],
    ]);
    expect(t.buckets.map((b) => [b.start, b.end, b.partial])).toEqual([
      ['2026-10-26', '2026-11-01', true],
      ['2026-11-02', '2026-11-08', false],
      ['2026-11-09', '2026-11-15', true],
    ]);
    expect(t.buckets[0]?.steps[1]?.rateFromPrevious).toBe(0.5);
    expect(t.buckets[0]?.steps[1]?.ci?.low).toBeCloseTo(0.0945, 4);
    expect(t.buckets[1]?.overallRate).toBe(0.5);
  });

  it('the same units in UTC weeks: a moves back to the week of 26 October', () => {
    const t = funnelTrend(units, { stepIds: STEP_IDS, interval: 'week', timeZone: 'UTC', ...range });
    expect(counts(t)).toEqual([
      ['2026-W44', [2, 2, 1]],
      ['2026-W45', [1, 0, 0]],
      ['2026-W46', [1, 1, 1]],
    ]);
  });

  it('days: every day of the range, empty ones included', () => {
    const t = funnelTrend(units, { stepIds: STEP_IDS, interval: 'day', timeZone: 'Asia/Tokyo', ...range });
    expect(t.buckets).toHaveLength(14);
    const filled = counts(t).filter(([, c]) => (c[0] ?? 0) > 0);
    expect(filled).toEqual([
      ['2026-11-01', [2, 1, 0]],
      ['2026-11-02', [2, 1, 1]],
      ['2026-11-09', [1, 1, 1]],
    ]);
    expect(t.buckets[2]?.steps[0]?.rateFromStart).toBeNull();
    expect(t.buckets.every((b) => !b.partial)).toBe(true);
  });

  it('months: the range cuts November, so its bucket is partial', () => {
    const t = funnelTrend(units, { stepIds: STEP_IDS, interval: 'month', timeZone: 'Asia/Tokyo', ...range });
    expect(t.buckets.map((b) => [b.label, b.start, b.end, b.partial, b.steps.map((s) => s.count)])).toEqual([
      ['2026-11', '2026-11-01', '2026-11-30', true, [5, 3, 2]],
    ]);
  });

  it('an open range spans the data', () => {
    const t = funnelTrend(units, { stepIds: STEP_IDS, interval: 'day', timeZone: 'Asia/Tokyo' });
    expect([t.buckets[0]?.label, t.buckets.at(-1)?.label, t.buckets.length]).toEqual(['2026-11-01', '2026-11-09', 9]);
    expect(funnelTrend([LEVEL_ZERO], { stepIds: STEP_IDS, interval: 'day', timeZone: 'UTC' }).buckets).toEqual([]);
  });

  it('refuses thousands of buckets, naming the field', () => {
    expect(() =>
      funnelTrend(units, { stepIds: STEP_IDS, interval: 'day', timeZone: 'UTC', from: '2020-01-01', to: '2026-12-31' }),
    ).toThrow(BadRequestError);
    expect(() =>
      funnelTrend(units, { stepIds: STEP_IDS, interval: 'day', timeZone: 'UTC', from: '2020-01-01', to: '2026-12-31' }),
    ).toThrow(/^interval: a day trend .* about 2557 buckets/); // 7 × 365 + 2 leap days
  });
});
