import { describe, expect, it } from 'vitest';
import { dateFromEpochDay, epochDayFromDate, isoWeekLabel, isoWeekStart, monthStart, nextMonthStart } from './epochDay.ts';

const day = epochDayFromDate;

describe('epoch days', () => {
  it('round-trips dates: 1970-01-01 is day 0, 2026-11-02 is day 20759', () => {
    expect(day('1970-01-01')).toBe(0);
    // 56 years × 365 + 14 leap days (1972 … 2024) = 20454 to 2026-01-01, then 305 days to 2 November.
    expect(day('2026-11-02')).toBe(20759);
    expect(dateFromEpochDay(20759)).toBe('2026-11-02');
  });

  it('weeks start on Monday: Sunday 2026-11-01 belongs to the week of Monday 2026-10-26', () => {
    expect(dateFromEpochDay(isoWeekStart(day('2026-11-01')))).toBe('2026-10-26');
    expect(dateFromEpochDay(isoWeekStart(day('2026-11-02')))).toBe('2026-11-02');
    expect(dateFromEpochDay(isoWeekStart(day('1969-12-31')))).toBe('1969-12-29');
  });

  it('labels ISO weeks by the year of their Thursday', () => {
    expect(isoWeekLabel(day('2026-11-02'))).toBe('2026-W45');
    expect(isoWeekLabel(day('2026-01-01'))).toBe('2026-W01');
    // 2026 starts on a Thursday, so it has 53 weeks and 2027-01-01 (a Friday) is in its last.
    expect(isoWeekLabel(day('2027-01-01'))).toBe('2026-W53');
    expect(isoWeekLabel(day('2024-12-30'))).toBe('2025-W01');
  });

  it('finds month starts, also across a year end', () => {
    expect(dateFromEpochDay(monthStart(day('2026-11-14')))).toBe('2026-11-01');
    expect(dateFromEpochDay(nextMonthStart(day('2026-12-31')))).toBe('2027-01-01');
  });
});
