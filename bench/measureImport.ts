/**
 * Import rate into the embedded store, the way `midgoal import` writes (src/importers/runImport.ts):
 * events handed to the store's bulk append (openBulkAppend.ts) in pieces of 2,048 as a parser
 * makes them, built into chunks at once, written in whole row groups with two batches in flight.
 * The rate is over the wall time of the whole import, generating the events included; the time
 * spent generating is reported beside it.
 */
import type { DuckDbStore } from '../src/store/duckdb/openDuckDbStore.ts';
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

/** Events generated between turns of the event loop, as a file importer parses them piece by piece. */
const PIECE = 2_048;

export async function measureImport(store: DuckDbStore, spec: BenchSpec, onEvents: (events: number) => void): Promise<ImportResult> {
  let generateMs = 0;
  const pieces = benchEventChunks(spec, PIECE);
  const started = performance.now();
  const bulk = store.openBulkAppend({ onStored: onEvents });
  try {
    for (;;) {
      const generating = performance.now();
      const next = pieces.next();
      generateMs += performance.now() - generating;
      if (next.done) break;
      await bulk.add(next.value);
      // Let the store go on between pieces (its appends and commits continue in callbacks).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await bulk.finish();
  } catch (err) {
    await bulk.abort();
    throw err;
  }
  const ms = performance.now() - started;
  const events = bulk.stored;
  return { events, appendSeconds: ms / 1000, generateSeconds: generateMs / 1000, eventsPerSecond: events / (ms / 1000) };
}
