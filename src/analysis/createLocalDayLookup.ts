/**
 * Which calendar day an instant falls on in a time zone, as days since 1970-01-01. Trends bucket
 * every unit by its first step, so this runs once per unit: results are cached per 15-minute slot
 * of UTC. Every zone offset and DST change since 1970 falls on a quarter hour, so all instants of a
 * slot share one local day (Intl.DateTimeFormat alone costs a few microseconds per call).
 *
 * @example createLocalDayLookup('Asia/Tokyo')(Date.parse('2026-11-01T23:30Z')) // day of 2026-11-02
 */
import { DAY_MS } from './epochDay.ts';

const SLOT_MS = 15 * 60_000;
/** A year of slots; a longer range just recomputes. */
const CACHE_MAX = 40_000;

export function createLocalDayLookup(timeZone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', era: 'short' });
  const cache = new Map<number, number>();
  return (ms) => {
    const slot = Math.floor(ms / SLOT_MS);
    let day = cache.get(slot);
    if (day === undefined) {
      let y = 0;
      let m = 1;
      let d = 1;
      let bc = false;
      for (const part of format.formatToParts(slot * SLOT_MS)) {
        if (part.type === 'year') y = Number(part.value);
        else if (part.type === 'month') m = Number(part.value);
        else if (part.type === 'day') d = Number(part.value);
        else if (part.type === 'era') bc = part.value.startsWith('B');
      }
      day = Math.round(Date.UTC(bc ? 1 - y : y, m - 1, d) / DAY_MS);
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(slot, day);
    }
    return day;
  };
}
