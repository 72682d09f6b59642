import { BATCH_SIZE, RETRY_MAX_AGE_MS, RETRY_MAX_EVENTS, SEND_DELAY_MS } from './limits.ts';
import { serializeEvents } from './serializeEvents.ts';
import type { KeyValue, WireEvent } from './types.ts';

/**
 * Every event goes to the outbox (`midgoal_q` in `storage`: localStorage, or memory in
 * cookieless mode) and is sent from there in batches with fetch `keepalive` (the request
 * outlives the page) as text/plain (a "simple" request: no CORS preflight). A batch that fails
 * (network error, 5xx) goes back to the outbox and is retried after 2, 4, 8 … seconds, and on
 * the next page load; the outbox keeps at most 100 events, none older than a week. A 4xx means
 * the events themselves are wrong: they are not retried.
 *
 * Returns `send(event)`; `send()` without an event sends at once (the page is being hidden),
 * unless a retry is pending: then the events wait in the outbox for the next page.
 */
export function createSender(endpoint: string, storage: KeyValue): (event?: WireEvent) => void {
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;

  /** Adds events to the outbox, dropping old and surplus ones; returns what it holds. */
  const stash = (events: WireEvent[]): WireEvent[] => {
    try {
      storage.midgoal_q = serializeEvents(
        (events = [...JSON.parse(storage.midgoal_q || '[]'), ...events]
          .filter((event) => (event.ts as number) > Date.now() - RETRY_MAX_AGE_MS)
          .slice(-RETRY_MAX_EVENTS)),
      );
    } catch {
      // Storage full, refused or unreadable.
    }
    return events;
  };

  const flush = (): void => {
    // Take the outbox: another tab loading now finds nothing to send twice.
    const queue = stash([]);
    delete storage.midgoal_q;
    timer = 0;
    while (queue.length) {
      const batch = queue.splice(0, BATCH_SIZE);
      const fail = (): void => {
        stash(batch);
        timer ||= setTimeout(flush, 2 ** ++failures * 1000);
      };
      fetch(endpoint, { method: 'POST', body: serializeEvents(batch), keepalive: true }).then(
        (response) => (response.status > 499 ? fail() : (failures = 0)),
        fail,
      );
    }
  };

  return (event) => {
    if (event) stash([event]);
    if (!event && !failures) flush();
    timer ||= setTimeout(flush, SEND_DELAY_MS);
  };
}
