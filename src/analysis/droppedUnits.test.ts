import { describe, expect, it } from 'vitest';
import { unit } from '../../test/helpers/fakeFunnelStore.ts';
import { CURRENT_UNITS, LEVEL_ZERO } from '../../test/helpers/tokyoShopUnits.ts';
import { droppedUnits, splitUnitId } from './droppedUnits.ts';

const units = [...CURRENT_UNITS, LEVEL_ZERO];
const seconds = (iso: string): number => Date.parse(iso) / 1000;

describe('droppedUnits', () => {
  it('after the product page: c and f (level 1), latest first', () => {
    const d = droppedUnits(units, { stepIndex: 0 });
    expect(d.total).toBe(2);
    expect(d.units).toEqual([
      { id: 'c', reachedAt: [seconds('2026-11-02T01:00:00Z')] },
      { id: 'f', reachedAt: [seconds('2026-10-31T15:30:00Z')] },
    ]);
  });

  it('after the cart: only b, with both times', () => {
    expect(droppedUnits(units, { stepIndex: 1 }).units).toEqual([
      { id: 'b', reachedAt: [seconds('2026-11-01T14:00:00Z'), seconds('2026-11-01T14:00:30Z')] },
    ]);
  });

  it('keeps the latest `limit` units but counts them all', () => {
    const many = Array.from({ length: 10 }, (_, i) => unit(`v${i}`, [`2026-11-1${i}T00:00:00Z`, null]));
    const d = droppedUnits(many, { stepIndex: 0, limit: 3 });
    expect(d.total).toBe(10);
    expect(d.units.map((u) => u.id)).toEqual(['v9', 'v8', 'v7']);
  });

  it('splits session units into visitor and session', () => {
    expect(splitUnitId('v1\u0000s9', 'session')).toEqual({ visitor: 'v1', session: 's9' });
    expect(splitUnitId('v1', 'visitor')).toEqual({ visitor: 'v1', session: null });
  });
});
