import type { DateRange } from './api.ts';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's calendar date (YYYY-MM-DD) in a time zone: days are cut where the shop is, not the viewer. */
export function todayIn(timeZone: string, now: Date): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Shift a YYYY-MM-DD date by whole days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last `days` days up to and including today in the site's time zone (28 → today-27 … today). */
export function lastDays(days: number, timeZone: string, now: Date): DateRange {
  const to = todayIn(timeZone, now);
  return { from: addDays(to, -(days - 1)), to };
}

/** Both ends are dates and the start is not after the end. */
export function isValidRange(range: DateRange): boolean {
  return ISO_DATE.test(range.from) && ISO_DATE.test(range.to) && range.from <= range.to;
}
