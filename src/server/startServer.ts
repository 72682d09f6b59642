/**
 * `midgoal serve`: opens the store and the ingest log, replays what the store lacks, seeds the demo
 * on a first start, serves the API and the dashboard, and shuts down without losing accepted events.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Server as HttpServer } from 'node:http';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { loadConfig } from '../config/loadConfig.ts';
import { openDuckDbStore } from '../store/duckdb/openDuckDbStore.ts';
import { openIngestLog } from '../ingest/openIngestLog.ts';
import { startLogWriter } from '../ingest/startLogWriter.ts';
import { DropCounters } from '../collect/DropCounters.ts';
import { seedDemoIfEmpty } from '../demo/seedDemoIfEmpty.ts';
import { createApp } from './createApp.ts';
import { findRunningServer, removeServerFile, writeServerFile } from './serverFile.ts';
import type { AppContext } from './AppContext.ts';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  configPath?: string;
  /** Trust X-Forwarded-For for client IPs (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Seed the demo shop when the store is empty (default true; MIDGOAL_NO_DEMO=1 turns it off). */
  seedDemo: boolean;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const DASHBOARD_DIR = fileURLToPath(new URL('../../dist/dashboard', import.meta.url));

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const other = await findRunningServer(dataDir);
  if (other && other.pid !== process.pid) {
    throw new Error(
      `Another midgoal server (pid ${other.pid}) already owns ${dataDir} at ${other.url}. ` +
        'Stop it first, or start this one with another --data folder.',
    );
  }

  const loaded = await loadConfig(opts.configPath);
  const store = await openDuckDbStore(dataDir);
  const log = await openIngestLog(dataDir);
  const writer = await startLogWriter(log, store);
  const shutDown = async (): Promise<void> => {
    await writer.stop();
    await log.close();
    await store.close();
  };
  try {
    // The replay of a previous run's log must be in the store before "is it empty?" is asked.
    await writer.flush();
    if (opts.seedDemo && loaded.config.demo) await seedDemoIfEmpty(store, log);
  } catch (err) {
    await shutDown();
    throw err;
  }

  const token = randomBytes(24).toString('hex');
  const ctx: AppContext = {
    loaded,
    store,
    sink: log,
    counters: new DropCounters(),
    token,
    trustProxy: opts.trustProxy === true,
    lag: () => writer.lag(),
    flush: () => writer.flush(),
    deleteSiteEvents: (site) => store.deleteSiteEvents(site),
    dashboardDir: existsSync(path.join(DASHBOARD_DIR, 'index.html')) ? DASHBOARD_DIR : null,
  };
  const app = createApp(ctx);

  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    await shutDown();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${opts.port} on ${opts.host} is already in use. Stop what uses it, or pass --port (or PORT) with another number.`);
    }
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  const url = `http://${shownHost}:${port}`;
  await writeServerFile(dataDir, { pid: process.pid, url, token, startedAt: new Date().toISOString() });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open until they time out.
        if (server instanceof HttpServer) server.closeIdleConnections();
      });
      await shutDown();
      await removeServerFile(dataDir);
    })();
    return closing;
  };
  return { url, close };
}
