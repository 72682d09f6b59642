/**
 * Where a CLI command (import, demo) writes events: to the running server over HTTP when one owns
 * the data folder (the server's ingest log makes them durable), else straight into the store.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import { findRunningServer, type ServerFile } from '../server/serverFile.ts';
import { openStoreDirect } from './openStoreDirect.ts';
import { describeStore } from '../store/openStore.ts';
import { DuckDbStore } from '../store/duckdb/openDuckDbStore.ts';
import { CHUNK_ROWS } from '../store/duckdb/appendEventChunks.ts';
import { inFlightSink } from '../importers/ImportSink.ts';
import type { ImportSink } from '../importers/ImportSink.ts';

export interface WriteTarget {
  /** Writes one batch; resolves once it is stored. */
  write(events: StoredEvent[]): Promise<void>;
  /** Where an import hands its events (runImport). */
  openSink(): ImportSink;
  countEvents(site: string): Promise<number>;
  deleteSiteEvents(site: string): Promise<void>;
  close(): Promise<void>;
  /** Human-readable: where the events go. */
  describe: string;
  /** Events per write that suit the target (importers' batch size); undefined: the importers' default. */
  batchSize?: number;
}

export async function openWriteTarget(opts: { dataDir: string; storeUrl?: string | undefined }): Promise<WriteTarget> {
  const server = await findRunningServer(opts.dataDir);
  return server ? serverTarget(server) : directTarget(opts.dataDir, opts.storeUrl);
}

async function directTarget(dataDir: string, storeUrl: string | undefined): Promise<WriteTarget> {
  const store = await openStoreDirect(dataDir, storeUrl);
  const write = (events: StoredEvent[]): Promise<void> => store.append(events, null);
  return {
    describe: describeStore({ dataDir, storeUrl }),
    // The embedded store builds each piece into chunks as it comes (its objects die young) and
    // writes whole row groups: pieces of one chunk (2,048 events).
    ...(store instanceof DuckDbStore ? { batchSize: CHUNK_ROWS } : {}),
    write,
    openSink: () => (store instanceof DuckDbStore ? store.openBulkAppend() : inFlightSink(write)),
    countEvents: (site) => store.countEvents(site),
    deleteSiteEvents: (site) => store.deleteSiteEvents(site),
    close: () => store.close(),
  };
}

function serverTarget(server: ServerFile): WriteTarget {
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${server.url}/api/internal${path}`, {
      method,
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      throw new Error(`The running server at ${server.url} answered ${res.status}: ${await res.text()}`);
    }
    return res.json();
  };
  const write = async (events: StoredEvent[]): Promise<void> => {
    await call('POST', '/events', events);
  };
  return {
    describe: `the running server at ${server.url} (pid ${server.pid})`,
    write,
    openSink: () => inFlightSink(write),
    countEvents: async (site) => {
      const body = (await call('GET', `/count?site=${encodeURIComponent(site)}`)) as { events: number };
      return body.events;
    },
    deleteSiteEvents: async (site) => {
      await call('DELETE', `/sites/${encodeURIComponent(site)}/events`);
    },
    close: async () => {
      // Make the written events visible to the next command.
      await call('POST', '/flush');
    },
  };
}
