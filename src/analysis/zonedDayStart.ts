/**
 * The first instant (ms since the epoch) of a calendar day in an IANA time zone. Days are cut in
 * the site's zone (DESIGN.md "Time zones"); where a DST change skips midnight (America/Santiago,
 * America/Havana) the day starts at the first local time that exists.
 *
 * @example zonedDayStart(2026, 11, 1, 'Asia/Tokyo') // Date.UTC(2026, 9, 31, 15)
 */
export function zonedDayStart(year: number, month: number, day: number, timeZone: string): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    era: 'short',
  });
  const target = Date.UTC(year, month - 1, day);
  /** The local calendar day at `t`, as the UTC midnight of that date (comparable with target). */
  const localDay = (t: number): number => {
    let y = 0;
    let m = 1;
    let d = 1;
    let bc = false;
    for (const part of format.formatToParts(t)) {
      if (part.type === 'year') y = Number(part.value);
      else if (part.type === 'month') m = Number(part.value);
      else if (part.type === 'day') d = Number(part.value);
      else if (part.type === 'era') bc = part.value.startsWith('B');
    }
    return Date.UTC(bc ? 1 - y : y, m - 1, d);
  };
  // Offsets are within ±26 hours, so the day starts in this interval; the local day only moves
  // forward with t (up to a DST fall-back at midnight, where either boundary is a fair answer).
  let low = target - 27 * 3_600_000;
  let high = target + 27 * 3_600_000;
  while (high - low > 1000) {
    const mid = Math.floor((low + high) / 2000) * 1000;
    if (mid <= low) break;
    if (localDay(mid) >= target) high = mid;
    else low = mid;
  }
  return high;
}
