/**
 * Opens the embedded store from a CLI command when no server owns the data folder. Anything a killed
 * server had accepted into its ingest log but not yet written is replayed first, so the command sees
 * every acknowledged event.
 */
import { mkdir } from 'node:fs/promises';
import { openStore } from '../store/openStore.ts';
import type { EventStore } from '../store/EventStore.ts';
import { openIngestLog } from '../ingest/openIngestLog.ts';
import { startLogWriter } from '../ingest/startLogWriter.ts';

export async function openStoreDirect(dataDir: string, storeUrl?: string): Promise<EventStore> {
  await mkdir(dataDir, { recursive: true });
  const store = await openStore({ dataDir, storeUrl });
  try {
    await replayIngestLog(dataDir, store);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** Writes into `store` whatever the data folder's ingest log holds that the store lacks. */
export async function replayIngestLog(dataDir: string, store: EventStore): Promise<void> {
  const log = await openIngestLog(dataDir);
  try {
    const writer = await startLogWriter(log, store, { onError: () => undefined });
    await writer.stop();
    const left = writer.lag();
    if (left > 0) {
      // stop() keeps what it could not write in the log; a command must not go on without it.
      throw new Error(`${left} events in the ingest log of ${dataDir} could not be written to the store: ${writer.stats().lastError ?? 'unknown error'}`);
    }
  } finally {
    await log.close();
  }
}
