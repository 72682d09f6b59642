/**
 * The period just before `from`…`to` with the same number of days: 2026-11-01…2026-11-14 (14 days)
 * → 2026-10-18…2026-10-31. Whole days, so weekdays line up whenever the length is whole weeks.
 */
import { dateFromEpochDay } from './epochDay.ts';
import { parseDay } from './resolveFunnelQuery.ts';

export function previousRange(from: string, to: string): { from: string; to: string } {
  const start = parseDay(from, 'from');
  const end = parseDay(to, 'to');
  const days = end - start + 1;
  return { from: dateFromEpochDay(start - days), to: dateFromEpochDay(start - 1) };
}
