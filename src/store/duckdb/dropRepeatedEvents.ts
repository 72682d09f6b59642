import type { StoredEvent } from '../../schema/storedEvent.ts';

/**
 * Keeps the first of events that share site, id and ts within one batch (a client retry that
 * reached the log twice). The store compares new batches against stored events the same way
 * (see insertNewEvents.ts). Returns `events` itself, not a copy, when no id repeats: the usual
 * case costs one Set of ids.
 */
export function dropRepeatedEvents(events: readonly StoredEvent[]): readonly StoredEvent[] {
  const ids = new Set<string>();
  for (const event of events) ids.add(event.id);
  if (ids.size === events.length) return events;
  const seen = new Set<string>();
  return events.filter((event) => {
    // Rounded as the store rounds it, so "same ts" means the same here and in insertNewEvents.
    const key = JSON.stringify([event.site, event.id, Math.round(event.ts)]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
