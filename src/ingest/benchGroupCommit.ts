import { blankStoredEvent } from '../schema/storedEvent.ts';
import { openIngestLog } from './openIngestLog.ts';

export interface GroupCommitResult {
  appends: number;
  clients: number;
  seconds: number;
  eventsPerSecond: number;
  fsyncs: number;
  fsyncsPerSecond: number;
  /** Appends sharing one fsync, on average. */
  eventsPerFsync: number;
}

/**
 * Measures group commit: `clients` concurrent callers each append one event, await it, and
 * repeat until `appends` are durable — like HTTP requests that each wait for their 202.
 * Writes into `<dataDir>/log/`; use a scratch folder.
 */
export async function benchGroupCommit(dataDir: string, appends = 2000, clients = 100): Promise<GroupCommitResult> {
  const log = await openIngestLog(dataDir);
  const before = log.stats();
  let issued = 0;
  const started = performance.now();
  const client = async (): Promise<void> => {
    while (issued < appends) {
      issued += 1;
      const n = issued;
      await log.append([blankStoredEvent({ id: `bench-${n}`, site: 'bench', ts: Date.now(), name: 'page_view', visitor: `v${n % 97}` })]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, appends) }, client));
  const seconds = (performance.now() - started) / 1000;
  const fsyncs = log.stats().fsyncs - before.fsyncs;
  await log.close();
  return {
    appends,
    clients,
    seconds,
    eventsPerSecond: Math.round(appends / seconds),
    fsyncs,
    fsyncsPerSecond: Math.round(fsyncs / seconds),
    eventsPerFsync: Math.round((appends / fsyncs) * 10) / 10,
  };
}
