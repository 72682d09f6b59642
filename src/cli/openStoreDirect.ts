/**
 * Opens the embedded store from a CLI command when no server owns the data folder. Anything a killed
 * server had accepted into its ingest log but not yet written is replayed first, so the command sees
 * every acknowledged event.
 */
import { mkdir } from 'node:fs/promises';
import { openDuckDbStore, type DuckDbStore } from '../store/duckdb/openDuckDbStore.ts';
import { openIngestLog } from '../ingest/openIngestLog.ts';
import { startLogWriter } from '../ingest/startLogWriter.ts';

export async function openStoreDirect(dataDir: string): Promise<DuckDbStore> {
  await mkdir(dataDir, { recursive: true });
  const store = await openDuckDbStore(dataDir);
  const log = await openIngestLog(dataDir);
  const writer = await startLogWriter(log, store);
  await writer.stop();
  await log.close();
  return store;
}
