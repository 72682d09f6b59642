/**
 * Where runImport hands parsed events. The embedded store takes them piece by piece and builds
 * them into chunks at once (DuckDbStore.openBulkAppend); other targets (ClickHouse, the running
 * server) take whole batches, written by `inFlightSink`.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';

export interface ImportSink {
  /** Hands events over; resolves when the importer may read on. Rejects when a write failed. */
  add(events: StoredEvent[]): Promise<void>;
  /** Resolves once everything handed over is stored; rejects when a write failed. */
  finish(): Promise<void>;
  /** Stops: drops what is not on its way and waits for the writes that are. Never rejects. */
  abort(): Promise<void>;
  /** Events stored (committed) so far. */
  readonly stored: number;
}

/**
 * A sink over `write` (one batch, resolves once stored): while one batch is written the next is
 * read and handed over, then the importer waits for the first (at most two writes in flight).
 */
export function inFlightSink(write: (events: StoredEvent[]) => Promise<void>): ImportSink {
  let inFlight: Promise<void> | null = null;
  let failure: unknown = null;
  let stored = 0;
  const settle = async (): Promise<void> => {
    const waiting = inFlight;
    inFlight = null;
    await waiting;
  };
  const fail = (): void => {
    if (failure !== null) throw failure;
  };
  return {
    get stored() {
      return stored;
    },
    async add(events) {
      fail();
      const next = write(events).then(
        () => {
          stored += events.length;
        },
        (err: unknown) => {
          failure ??= err;
        },
      );
      await settle();
      inFlight = next;
      fail();
    },
    async finish() {
      await settle();
      fail();
    },
    abort: settle,
  };
}
