/**
 * Bounds how far the ingest log may run ahead of the store. While the store is down (ClickHouse
 * unreachable) a collector keeps accepting events into its log — that is the point of the log —
 * but not without limit: past `maxBacklog` events waiting, new events are refused with a 503 the
 * client retries later (the tracker's outbox does), and /api/health says so, so a load balancer
 * can send traffic to another collector. Nothing already accepted is ever dropped.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { IngestSink } from './IngestSink.ts';

/** Default bound: at roughly 0.5 kB per event in the log, about 2.5 GB of disk. */
export const DEFAULT_MAX_BACKLOG = 5_000_000;

export class BacklogFullError extends Error {
  override readonly name = 'BacklogFullError';
  constructor(readonly backlog: number, readonly maxBacklog: number) {
    super(`${backlog} events are waiting for the store (limit ${maxBacklog}); new events are refused until it catches up.`);
  }
}

export function boundedSink(inner: IngestSink, backlog: () => number, maxBacklog: number): IngestSink {
  return {
    append(events: readonly StoredEvent[]): Promise<void> {
      const waiting = backlog();
      if (waiting + events.length > maxBacklog) return Promise.reject(new BacklogFullError(waiting, maxBacklog));
      return inner.append(events);
    },
  };
}

/** MIDGOAL_MAX_BACKLOG as a number of events (default DEFAULT_MAX_BACKLOG). */
export function maxBacklogFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_MAX_BACKLOG;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new Error(`MIDGOAL_MAX_BACKLOG "${value}" is not a positive whole number of events (default ${DEFAULT_MAX_BACKLOG}).`);
  }
  return n;
}
