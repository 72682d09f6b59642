/**
 * A sanity range for imported event times: a cut-off or mis-mapped column (seconds read as
 * milliseconds, a price in the time column) shows up as 1970 or the far future. Rejecting those
 * lines is better than funnels that silently span 50 years.
 */

/** 2000-01-01T00:00:00Z: web shop analytics starts after this. */
export const MIN_IMPORT_TS = Date.UTC(2000, 0, 1);
/** One day of slack for clocks and time zones. */
export const MAX_IMPORT_FUTURE_MS = 86_400_000;

/** Null when `ts` is a plausible event time, else the reason to reject the line. */
export function checkEventTime(ts: number, now: number): string | null {
  if (!Number.isFinite(ts)) return 'ts: not a readable time';
  if (ts < MIN_IMPORT_TS) {
    return 'ts: before 2000-01-01 — check the unit (--ts-format unix-s / unix-ms / unix-us) or the mapped column';
  }
  if (ts > now + MAX_IMPORT_FUTURE_MS) {
    return 'ts: more than a day in the future — check the unit (--ts-format) or the mapped column';
  }
  return null;
}
