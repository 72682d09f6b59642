import { describe, expect, it } from 'vitest';
import { addToSlice, weekOf } from './benchCacheQueries.ts';

describe('bench query helpers', () => {
  it('weeks start on Monday, UTC', () => {
    // 2026-01-05 is a Monday; Sunday 2026-01-11 23:59:59 is still in its week, Monday 12th is not.
    expect(weekOf(Date.UTC(2026, 0, 5) / 1000)).toBe('2026-01-05');
    expect(weekOf(Date.UTC(2026, 0, 11, 23, 59, 59) / 1000)).toBe('2026-01-05');
    expect(weekOf(Date.UTC(2026, 0, 12) / 1000)).toBe('2026-01-12');
  });

  it('a unit at level 2 of 3 counts for steps 1 and 2', () => {
    const slices = {};
    addToSlice(slices, 'email', 2, 3);
    addToSlice(slices, 'email', 3, 3);
    expect(slices).toEqual({ email: [2, 2, 1] });
  });
});
