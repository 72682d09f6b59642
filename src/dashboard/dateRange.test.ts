import { describe, expect, it } from 'vitest';
import { addDays, isValidRange, lastDays, todayIn } from './dateRange.ts';

describe('dateRange', () => {
  // 2026-11-24 20:30 UTC is already 2026-11-25 05:30 in Tokyo (UTC+9).
  const now = new Date('2026-11-24T20:30:00Z');

  it("takes today's date in the site's time zone", () => {
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-11-25');
    expect(todayIn('Europe/Berlin', now)).toBe('2026-11-24');
  });

  it('makes the last 28 days end today and start 27 days before', () => {
    expect(lastDays(28, 'Asia/Tokyo', now)).toEqual({ from: '2026-10-29', to: '2026-11-25' });
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('accepts a one-day range and refuses a reversed or half-typed one', () => {
    expect(isValidRange({ from: '2026-11-01', to: '2026-11-01' })).toBe(true);
    expect(isValidRange({ from: '2026-11-02', to: '2026-11-01' })).toBe(false);
    expect(isValidRange({ from: '', to: '2026-11-01' })).toBe(false);
  });
});
