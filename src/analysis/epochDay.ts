/**
 * Calendar days as whole numbers (days since 1970-01-01), so trend buckets and previous periods are
 * plain integer arithmetic once an instant has been placed on the site's local calendar.
 */

export const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → days since 1970-01-01 (the date itself, no time zone involved). */
export function epochDayFromDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y ?? NaN, (m ?? NaN) - 1, d ?? NaN) / DAY_MS);
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function dateFromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday on or before `day` (ISO weeks start on Monday; 1970-01-05 was one). */
export function isoWeekStart(day: number): number {
  return day - (((day + 3) % 7) + 7) % 7;
}

/** ISO 8601 week label such as '2026-W45': the week belongs to the year of its Thursday. */
export function isoWeekLabel(day: number): string {
  const thursday = isoWeekStart(day) + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - epochDayFromDate(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first day of `day`'s calendar month. */
export function monthStart(day: number): number {
  const date = new Date(day * DAY_MS);
  return Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS);
}

/** The first day of the month after `day`'s. */
export function nextMonthStart(day: number): number {
  const date = new Date(day * DAY_MS);
  return Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS);
}
