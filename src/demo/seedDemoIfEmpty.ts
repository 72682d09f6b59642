/**
 * First start of `npm start`: an empty store gets the demo shop, so the dashboard shows the
 * article's funnel at once instead of an empty page.
 */
import type { EventStore } from '../store/EventStore.ts';
import type { IngestSink } from '../ingest/IngestSink.ts';
import { generateDemoEvents } from './generateDemoEvents.ts';

/** Events per sink call: keeps each durable append (and its log record batch) small. */
const CHUNK = 2000;

/**
 * Seeds only when the store holds no events at all (any site): a store with real data is never
 * touched. Goes through the sink (the ingest log) like collected events. Returns whether it seeded.
 * The caller must have replayed the ingest log into the store first, or a restart would seed twice.
 */
export async function seedDemoIfEmpty(
  store: Pick<EventStore, 'countEvents'>,
  sink: IngestSink,
  now: number = Date.now(),
): Promise<boolean> {
  if ((await store.countEvents()) > 0) return false;
  const events = generateDemoEvents({ now });
  for (let i = 0; i < events.length; i += CHUNK) await sink.append(events.slice(i, i + CHUNK));
  return true;
}
