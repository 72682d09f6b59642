/**
 * A batch's time span as query bounds, and the check that every event's times are ones the store
 * can hold exactly.
 */
import { timestampValue } from '@duckdb/node-api';
import type { DuckDBTimestampValue } from '@duckdb/node-api';
import type { StoredEvent } from '../../schema/storedEvent.ts';

/** A TIMESTAMP query value for `ms` milliseconds since the epoch. */
export function micros(ms: number): DuckDBTimestampValue {
  return timestampValue(BigInt(ms) * 1000n);
}

/**
 * Microseconds must stay exact in a double (appendEventChunks.ts writes ms × 1000): ±2^53 µs, about
 * the year 2255. Collect and import refuse such times long before; this guards the store itself.
 */
const MAX_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/**
 * Smallest and largest ts (rounded to ms, as stored) as query bounds; throws, naming the event,
 * for a ts or received time that is not a finite number of milliseconds the store can hold.
 */
export function timeSpan(events: readonly StoredEvent[]): DuckDBTimestampValue[] {
  const [min, max] = msSpan(events, 0, events.length);
  return [micros(min), micros(max)];
}

/** timeSpan of events `from` to `to` (exclusive) in milliseconds: [min, max], the checks included. */
export function msSpan(events: readonly StoredEvent[], from: number, to: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const event = events[i] as StoredEvent;
    if (typeof event.ts !== 'number' || !Number.isFinite(event.ts) || Math.abs(event.ts) > MAX_MS) {
      throw new Error(`Event ${event.id} has no valid ts (${String(event.ts)}); expected milliseconds since the epoch.`);
    }
    if (typeof event.received !== 'number' || !Number.isFinite(event.received) || Math.abs(event.received) > MAX_MS) {
      throw new Error(`Event ${event.id} has no valid received time (${String(event.received)}); expected milliseconds since the epoch.`);
    }
    const ms = Math.round(event.ts);
    if (ms < min) min = ms;
    if (ms > max) max = ms;
  }
  return [min, max];
}
