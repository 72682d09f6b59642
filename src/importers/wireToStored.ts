/**
 * An import event (already validated) → the stored row. URL-derived columns and the channel are
 * filled by the caller's enricher; the device stays `other` because files carry no User-Agent.
 */
import type { WireEvent } from '../schema/event.ts';
import { blankStoredEvent, type StoredEvent } from '../schema/storedEvent.ts';

export const NO_VISITOR_REASON = 'visitor: missing — give "visitor" (or at least "session") on every line';

/**
 * `fallbackId` is used when the event has no id (see importEventId.ts). `ts` is the checked
 * event time in ms; `received` the import's start. Returns a reason string when the event cannot
 * be stored.
 */
export function wireToStored(
  event: WireEvent,
  site: string,
  ts: number,
  fallbackId: string,
  received: number,
): StoredEvent | string {
  const visitor = event.visitor ?? event.session;
  if (visitor === undefined) return NO_VISITOR_REASON;
  const stored = blankStoredEvent({ id: event.id ?? fallbackId, site, ts, name: event.name, visitor });
  stored.received = received;
  if (event.session !== undefined) stored.session = event.session;
  if (event.url !== undefined && event.url !== '') stored.url = event.url;
  if (event.referrer !== undefined && event.referrer !== '') stored.referrer = event.referrer;
  if (event.title !== undefined) stored.title = event.title;
  if (event.props !== undefined) stored.props = JSON.stringify(event.props);
  if (event.value !== undefined) stored.value = event.value;
  if (event.currency !== undefined) stored.currency = event.currency;
  if (event.items !== undefined) stored.items = JSON.stringify(event.items);
  return stored;
}
