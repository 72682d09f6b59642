/**
 * Import rate into the embedded store: bench events appended in 100k-event batches through
 * `store.append`, the path importers and the ingest writer use. Only the append calls are timed;
 * generating the events is reported apart.
 */
import type { EventStore } from '../src/store/EventStore.ts';
import { benchEventChunks } from './generateBenchEvents.ts';
import type { BenchSpec } from './generateBenchEvents.ts';

export interface ImportResult {
  events: number;
  appendSeconds: number;
  generateSeconds: number;
  eventsPerSecond: number;
}

export const IMPORT_BATCH = 100_000;

export async function measureImport(store: EventStore, spec: BenchSpec, onEvents: (events: number) => void): Promise<ImportResult> {
  let events = 0;
  let appendMs = 0;
  let generateMs = 0;
  const chunks = benchEventChunks(spec, IMPORT_BATCH);
  for (;;) {
    const generating = performance.now();
    const next = chunks.next();
    generateMs += performance.now() - generating;
    if (next.done) break;
    const appending = performance.now();
    await store.append(next.value, null);
    appendMs += performance.now() - appending;
    events += next.value.length;
    onEvents(events);
  }
  return { events, appendSeconds: appendMs / 1000, generateSeconds: generateMs / 1000, eventsPerSecond: events / (appendMs / 1000) };
}
