import type { StoredEvent } from '../schema/storedEvent.ts';

/**
 * Where accepted events go. The collector and the server-side import endpoint call `append` and
 * acknowledge the client only after the returned promise resolves: by then the events are
 * durable (fsynced in the ingest log) and will reach the store even if the process dies.
 */
export interface IngestSink {
  append(events: readonly StoredEvent[]): Promise<void>;
}
