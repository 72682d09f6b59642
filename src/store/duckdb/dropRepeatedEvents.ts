import type { StoredEvent } from '../../schema/storedEvent.ts';
import type { KeyHashes } from './hashBatchKeys.ts';

/**
 * Keeps the first of events that share site, id and ts within one batch (a client retry that
 * reached the log twice). The store compares new batches against stored events the same way
 * (see createEventInserter.ts). Returns `events` itself, not a copy, when nothing repeats: the
 * usual case. With the batch's key hashes (hashBatchKeys.ts) that case is one pass over two typed
 * arrays; only a batch where two hashes match takes the exact comparison.
 */
export function dropRepeatedEvents(events: readonly StoredEvent[], hashes?: KeyHashes): readonly StoredEvent[] {
  if (hashes ? !anyHashRepeats(hashes, events.length) : !anyIdRepeats(events)) return events;
  const seen = new Set<string>();
  const kept = events.filter((event) => {
    // Rounded as the store rounds it, so "same ts" means the same here and in the store.
    const key = JSON.stringify([event.site, event.id, Math.round(event.ts)]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Two different keys with the same 64-bit hash (~1 in 10^9 batches): nothing dropped, and
  // `events` itself tells the caller so (it would otherwise prepare the same batch again).
  return kept.length === events.length ? events : kept;
}

function anyIdRepeats(events: readonly StoredEvent[]): boolean {
  const ids = new Set<string>();
  for (const event of events) ids.add(event.id);
  return ids.size !== events.length;
}

/** The table anyHashRepeats works in, kept between calls (the server checks a batch every second). */
let table = new Int32Array(0);

/** Whether two of the first `count` keys have the same 64-bit hash (open addressing on positions). */
export function anyHashRepeats({ hi, lo }: KeyHashes, count: number): boolean {
  const size = 2 ** Math.ceil(Math.log2(Math.max(2, count * 2)));
  const mask = size - 1;
  if (table.length < size) table = new Int32Array(size);
  const slots = table; // position + 1; 0 = empty
  slots.fill(0, 0, size);
  for (let i = 0; i < count; i++) {
    const h = hi[i] as number;
    const l = lo[i] as number;
    for (let at = (h ^ Math.imul(l, 0x9e3779b1)) & mask; ; at = (at + 1) & mask) {
      const held = slots[at] as number;
      if (held === 0) {
        slots[at] = i + 1;
        break;
      }
      if (hi[held - 1] === h && lo[held - 1] === l) return true;
    }
  }
  return false;
}
