import { describe, expect, it } from 'vitest';
import { planAtoms } from './aggregateAtoms.ts';
import { aggregateRowsToLists, sumReaches } from './evaluateAggregates.ts';
import { STEP_CODE_SCALE } from './funnelCodes.ts';

describe('sumReaches', () => {
  it('compares at 6 decimals, and NaN as the greatest value (as DuckDB does)', () => {
    // 0.1 added 236 times in some order ends a hair below or above 23.6: both reach it.
    expect(sumReaches(23.599999999999994, 23.6)).toBe(true);
    expect(sumReaches(23.600000000000005, 23.6)).toBe(true);
    expect(sumReaches(23.59, 23.6)).toBe(false);
    expect(sumReaches(Number.NaN, 1e9)).toBe(true);
    expect(sumReaches(Infinity, 1e9)).toBe(true);
    expect(sumReaches(-Infinity, 0)).toBe(false);
  });
});

describe('aggregateRowsToLists', () => {
  const steps = [{ event: 'page_view' }, { aggregate: { scope: 'session' as const, count: { event: 'page_view' }, gte: 3 } }];

  it('the third page view of a session reaches the count; a gap over 30 minutes starts again', () => {
    const plan = planAtoms(steps, []);
    // Bits: atom 0 = step 0 (page_view), atom 1 = the count's page_view.
    const t0 = 1_700_000_000_000;
    const row = {
      visitor: 'v',
      t: [t0, t0 + 1_000, t0 + 2_000, t0 + 2_000 + 1_801_000, t0 + 2_000 + 1_802_000],
      ss: ['', '', '', '', ''],
      a: [3, 3, 3, 3, 3],
    };
    const [list] = aggregateRowsToLists(row, plan, false);
    const bits = (list?.codes ?? []).map((c) => Number(c) % STEP_CODE_SCALE);
    // Only the third event holds the count (3 in its session); the new session has 2.
    expect(bits).toEqual([1, 1, 3, 1, 1]);
  });

  it('events at the same millisecond enter the total together', () => {
    const plan = planAtoms(steps, []);
    const t0 = 1_700_000_000_000;
    const row = { visitor: 'v', t: [t0, t0 + 5, t0 + 5], ss: ['s1', 's1', 's1'], a: [3, 3, 3] };
    const [list] = aggregateRowsToLists(row, plan, false);
    expect((list?.codes ?? []).map((c) => Number(c) % STEP_CODE_SCALE)).toEqual([1, 3, 3]);
  });
});
