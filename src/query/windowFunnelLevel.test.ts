import { describe, expect, it } from 'vitest';
import { STEP_CODE_SCALE, windowFunnelLevel } from './windowFunnelLevel.ts';

/** Level for events given as [seconds, step numbers (0-based) the event matches]. */
function level(events: [number, number[]][], steps: number, window: number): number {
  const codes = new Float64Array(events.map(([s, ks]) => s * STEP_CODE_SCALE + ks.reduce((m, k) => m | (1 << k), 0)));
  return windowFunnelLevel(codes, codes.length, steps, window, new Float64Array(steps));
}

describe('windowFunnelLevel', () => {
  it('follows a chain in time order', () => {
    expect(level([[100, [0]], [110, [1]], [120, [2]]], 3, 60)).toBe(3);
  });

  it('ignores a later step that comes before the earlier one', () => {
    // step 1 at 90 precedes the only step 0 at 100
    expect(level([[90, [1]], [100, [0]], [120, [2]]], 3, 60)).toBe(1);
  });

  it('includes the window edge and excludes one second more', () => {
    expect(level([[100, [0]], [160, [1]]], 2, 60)).toBe(2);
    expect(level([[100, [0]], [161, [1]]], 2, 60)).toBe(1);
  });

  it('measures the window from the attempt start, not from the previous step', () => {
    // 0@0, 1@50, 2@100: each gap is 50 but the chain spans 100 > 60
    expect(level([[0, [0]], [50, [1]], [100, [2]]], 3, 60)).toBe(2);
  });

  it('takes equal times in step order, whatever the input order', () => {
    expect(level([[100, [1]], [100, [0]]], 2, 60)).toBe(2);
  });

  it('lets one event count for several steps', () => {
    expect(level([[100, [0, 1]]], 3, 60)).toBe(2);
    expect(level([[100, [0, 1, 2]]], 3, 60)).toBe(3);
  });

  it('starts a new attempt at a later step 0 without losing the level reached', () => {
    // attempt at 0 reaches step 2 (0,10); attempt at 100 reaches step 3 (100,150,160)
    expect(level([[0, [0]], [10, [1]], [100, [0]], [150, [1]], [160, [2]]], 3, 60)).toBe(3);
    // a new start after reaching level 2 does not erase it
    expect(level([[0, [0]], [10, [1]], [100, [0]]], 3, 60)).toBe(2);
  });

  it('extends the latest attempt, which leaves the most room in the window', () => {
    // starts at 0 and 50; step 1 at 55, step 2 at 105: only the start at 50 fits 105 within 60
    expect(level([[0, [0]], [50, [0]], [55, [1]], [105, [2]]], 3, 60)).toBe(3);
  });

  it('keeps the older attempt’s progress when a new start has not caught up', () => {
    // attempt 0 reaches step 2 at 10; new start at 20; step 3 at 30 continues attempt 0 (30 <= 0+60)
    expect(level([[0, [0]], [10, [1]], [20, [0]], [30, [2]]], 3, 60)).toBe(3);
  });

  it('gives 0 when no event is a first step', () => {
    expect(level([[10, [1]], [20, [2]]], 3, 60)).toBe(0);
  });

  it('sorts unsorted input longer than the insertion-sort limit', () => {
    const events: [number, number[]][] = [];
    for (let i = 99; i >= 0; i--) events.push([1000 + i, [i % 4]]);
    // sorted: 1000 step0, 1001 step1, 1002 step2, 1003 step3 → level 4
    expect(level(events, 4, 10)).toBe(4);
  });
});
