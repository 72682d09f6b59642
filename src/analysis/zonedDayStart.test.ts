import { describe, expect, it } from 'vitest';
import { zonedDayStart } from './zonedDayStart.ts';

describe('zonedDayStart', () => {
  it('Tokyo (UTC+9): 2026-11-01 starts at 2026-10-31 15:00 UTC', () => {
    expect(zonedDayStart(2026, 11, 1, 'Asia/Tokyo')).toBe(Date.UTC(2026, 9, 31, 15));
  });

  it('Berlin across DST: UTC+1 on 29 March 2026, UTC+2 on the 30th', () => {
    expect(zonedDayStart(2026, 3, 29, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 28, 23));
    expect(zonedDayStart(2026, 3, 30, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 22));
  });

  it('Santiago skips midnight on 6 September 2026: the day starts at 01:00 local (04:00 UTC)', () => {
    expect(zonedDayStart(2026, 9, 6, 'America/Santiago')).toBe(Date.UTC(2026, 8, 6, 4));
  });

  it('UTC is the identity', () => {
    expect(zonedDayStart(2024, 2, 29, 'UTC')).toBe(Date.UTC(2024, 1, 29));
  });
});
