import { describe, expect, it } from 'vitest';
import { createLocalDayLookup } from './createLocalDayLookup.ts';
import { dateFromEpochDay } from './epochDay.ts';

const localDate = (tz: string, iso: string): string => dateFromEpochDay(createLocalDayLookup(tz)(Date.parse(iso)));

describe('createLocalDayLookup', () => {
  it('Tokyo (UTC+9): 2026-11-01T23:30Z is already 2 November', () => {
    expect(localDate('Asia/Tokyo', '2026-11-01T23:30:00Z')).toBe('2026-11-02');
    expect(localDate('Asia/Tokyo', '2026-11-01T14:59:59Z')).toBe('2026-11-01');
    expect(localDate('Asia/Tokyo', '2026-11-01T15:00:00Z')).toBe('2026-11-02');
  });

  it('Kathmandu (UTC+5:45): the day turns at a quarter past the UTC hour', () => {
    expect(localDate('Asia/Kathmandu', '2026-11-01T18:14:59Z')).toBe('2026-11-01');
    expect(localDate('Asia/Kathmandu', '2026-11-01T18:15:00Z')).toBe('2026-11-02');
  });

  it('Berlin across the DST change: UTC+2 until 25 October 2026 01:00Z, then UTC+1', () => {
    expect(localDate('Europe/Berlin', '2026-10-24T22:00:00Z')).toBe('2026-10-25');
    expect(localDate('Europe/Berlin', '2026-10-25T22:59:59Z')).toBe('2026-10-25');
    expect(localDate('Europe/Berlin', '2026-10-25T23:00:00Z')).toBe('2026-10-26');
  });

  it('gives the same answer from the cache as on first use', () => {
    const lookup = createLocalDayLookup('America/New_York');
    const t = Date.parse('2026-11-02T04:59:00Z');
    expect(lookup(t)).toBe(lookup(t));
    expect(dateFromEpochDay(lookup(t))).toBe('2026-11-01');
  });
});
