/**
 * Import rate into the embedded store: bench events appended in batches of one DuckDB row group
 * through `store.append`, the path importers and the ingest writer use, the way `midgoal import`
 * drives it (src/importers/runImport.ts): the next batch is made and handed to the store while the
 * one before commits, so at most one batch waits. The rate is over the wall time of the whole
 * import, generating the events included; the time spent generating is reported beside it.
 */
import type { StoredEvent } from '../src/schema/storedEvent.ts';
import type { EventStore } from '../src/store/EventStore.ts';
import { BULK_IMPORT_BATCH } from '../src/store/duckdb/createEventInserter.ts';
import { benchEventChunks } from './generateBenchEvents.ts';
import type { BenchSpec } from './generateBenchEvents.ts';

export interface ImportResult {
  events: number;
  /** Wall time of the import: first batch made to last batch committed. */
  appendSeconds: number;
  /** Part of it spent generating events (overlapped with the store's commits). */
  generateSeconds: number;
  eventsPerSecond: number;
}

/** What `midgoal import` uses on the embedded store: one DuckDB row group (BULK_IMPORT_BATCH). */
export const IMPORT_BATCH = BULK_IMPORT_BATCH;

/** Events generated between turns of the event loop, as a file importer parses them piece by piece. */
const PIECE = 16_384;

export async function measureImport(store: EventStore, spec: BenchSpec, onEvents: (events: number) => void): Promise<ImportResult> {
  let events = 0;
  let generateMs = 0;
  const pieces = benchEventChunks(spec, PIECE);
  const started = performance.now();
  let waiting: Promise<void> | null = null;
  const pending: StoredEvent[] = [];
  let exhausted = false;
  while (!exhausted || pending.length > 0) {
    if (!exhausted && pending.length < IMPORT_BATCH) {
      const generating = performance.now();
      const next = pieces.next();
      generateMs += performance.now() - generating;
      if (next.done) exhausted = true;
      else for (const event of next.value) pending.push(event);
      if (!exhausted && pending.length < IMPORT_BATCH) {
        // Let the store go on between pieces (its appends and commits continue in callbacks).
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
    }
    // Exactly IMPORT_BATCH events (whole row groups) but for the last; the rest waits for the next.
    const batch = pending.splice(0, IMPORT_BATCH);
    if (batch.length === 0) break;
    // Handed over before the previous batch is waited for: the store builds it meanwhile.
    const appending = store.append(batch, null).then(() => {
      events += batch.length;
      onEvents(events);
    });
    // Awaited below; a failure before then must not count as unhandled.
    appending.catch(() => undefined);
    if (waiting) await waiting;
    waiting = appending;
  }
  if (waiting) await waiting;
  const ms = performance.now() - started;
  return { events, appendSeconds: ms / 1000, generateSeconds: generateMs / 1000, eventsPerSecond: events / (ms / 1000) };
}
