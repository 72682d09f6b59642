import { describe, expect, it } from 'vitest';
import type { FunnelQuery, FunnelUnit } from './EventStore.ts';
import { funnelBreakdownCounts, funnelBucketCounts } from './funnelGroupCounts.ts';

const query: FunnelQuery = { site: 's', steps: [{ event: 'a' }, { event: 'b' }, { event: 'c' }], windowSeconds: 60 };
const unit = (id: string, level: number, first: number, breakdown: string | null): FunnelUnit => ({
  id,
  level,
  reachedAt: Float64Array.from([first, NaN, NaN]),
  breakdown,
});
/** A store with funnelUnits only: the fallback path. */
const store = {
  funnelUnits: async (_q: FunnelQuery, onUnit: (u: FunnelUnit) => void): Promise<void> => {
    onUnit(unit('v1', 3, 100, 'email'));
    onUnit(unit('v2', 1, 150, 'email'));
    onUnit(unit('v3', 2, 3_700, null));
    onUnit(unit('v4', 0, NaN, null));
  },
};

describe('funnelGroupCounts (fallback over funnelUnits)', () => {
  it('counts units reaching each step per breakdown value, level 0 left out', async () => {
    const groups = await funnelBreakdownCounts(store, query);
    expect([...groups]).toEqual([
      ['email', [2, 1, 1]],
      [null, [1, 1, 0]],
    ]);
  });

  it('counts per bucket of the first step', async () => {
    const groups = await funnelBucketCounts(store, query, (s) => Math.floor(s / 3_600));
    expect([...groups]).toEqual([
      [0, [2, 1, 1]],
      [1, [1, 1, 0]],
    ]);
  });

  it('uses the store’s own aggregate methods when it has them', async () => {
    const own = { ...store, funnelBreakdownCounts: async () => new Map([['x', [9, 9, 9]]]) };
    expect([...(await funnelBreakdownCounts(own, query))]).toEqual([['x', [9, 9, 9]]]);
  });
});
