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
  const log = await openIngestLog(dataDir);
  const writer = await startLogWriter(log, store);
  await writer.stop();
  await log.close();
  return store;
}
