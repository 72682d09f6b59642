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
import { describeStore, isEmbeddedStore, openStore } from '../store/openStore.ts';
import { boundedSink, DEFAULT_MAX_BACKLOG } from '../ingest/boundedSink.ts';
import { openIngestLog } from '../ingest/openIngestLog.ts';
import { startLogWriter } from '../ingest/startLogWriter.ts';
import { DropCounters } from '../collect/DropCounters.ts';
import { seedDemoIfEmpty } from '../demo/seedDemoIfEmpty.ts';
import { createApp } from './createApp.ts';
import { hostname } from 'node:os';
import { configFromYaml } from '../config/configFromYaml.ts';
import { openMetaStore } from '../meta/openMetaStore.ts';
import { startMetaSync, type MetaSync } from '../meta/startMetaSync.ts';
import { MIDGOAL_VERSION } from '../version.ts';
import { findRunningServer, removeServerFile, writeServerFile } from './serverFile.ts';
import type { AppContext } from './AppContext.ts';
import { DuckDbStore } from '../store/duckdb/openDuckDbStore.ts';
import { readMemoryLimit } from '../store/duckdb/memoryLimit.ts';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  configPath?: string;
  /** Trust X-Forwarded-For for client IPs (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Seed the demo shop when the store is empty (default true; MIDGOAL_NO_DEMO=1 turns it off). */
  seedDemo: boolean;
  /** MIDGOAL_STORE: unset for the embedded store, or clickhouse://… (src/store/openStore.ts). */
  storeUrl?: string | undefined;
  /** Events the log may hold beyond the store before new ones are refused (boundedSink.ts). */
  maxBacklog?: number;
  /** MIDGOAL_META: unset for the data folder, or postgres://… shared by a deployment's servers. */
  metaUrl?: string | undefined;
  /** --memory-limit: the embedded store's DuckDB memory limit in bytes; unset: DuckDB's default. */
  memoryLimit?: number | undefined;
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

  let loaded = await loadConfig(opts.configPath);
  // The deployment's shared configuration (`midgoal config push`) wins over the local file.
  const meta = await openMetaStore({ url: opts.metaUrl, dataDir });
  let configVersion = 0;
  try {
    await meta.migrate();
    const shared = await meta.latestConfig();
    if (shared) {
      loaded = configFromYaml(shared.yaml, { file: `meta:config@${shared.version}`, path: null });
      configVersion = shared.version;
    }
  } catch (err) {
    if (opts.metaUrl) {
      await meta.close();
      throw err;
    }
    console.warn(`[midgoal] metadata in ${meta.describe} is not usable (${(err as Error).message}); continuing with the local configuration.`);
  }
  const embedded = isEmbeddedStore(opts.storeUrl);
  const { store, log, writer } = await openPipeline(dataDir, opts.storeUrl, opts.memoryLimit).catch(async (err: unknown) => {
    await meta.close();
    throw err;
  });
  let metaSync: MetaSync | null = null;
  const shutDown = async (): Promise<void> => {
    await metaSync?.stop();
    await writer.stop();
    await log.close();
    await store.close();
    await meta.close();
  };
  try {
    // The replay of a previous run's log must be in the store before "is it empty?" is asked.
    await writer.flush();
    // Only the embedded store seeds itself: collectors of a cluster starting together would each
    // seed a copy (different times, so ids cannot tell them apart). `midgoal demo` seeds any store.
    if (embedded && opts.seedDemo && loaded.config.demo) await seedDemoIfEmpty(store, log);
  } catch (err) {
    if (embedded) {
      await shutDown();
      throw err;
    }
    // A collector on ClickHouse starts while ClickHouse is down: events wait in its log.
    console.warn(
      `[midgoal] ${describeStore({ dataDir, storeUrl: opts.storeUrl })} is not reachable yet (${(err as Error).message.split('. ')[0]}). ` +
        'Accepting events into the ingest log; they are written when it answers. / ストアに接続できませんが、イベントはログに受け付けます。',
    );
  }

  const token = randomBytes(24).toString('hex');
  const ctx: AppContext = {
    loaded,
    store,
    sink: boundedSink(log, () => writer.lag(), opts.maxBacklog ?? DEFAULT_MAX_BACKLOG),
    storeInfo: {
      kind: embedded ? 'embedded' : 'clickhouse',
      location: describeStore({ dataDir, storeUrl: opts.storeUrl }),
      // Only shown in /api/health: a failure to read it must not stop the start.
      memoryLimit: store instanceof DuckDbStore ? await readMemoryLimit(store.connection()).catch(() => null) : null,
    },
    writerStats: () => writer.stats(),
    maxBacklog: opts.maxBacklog ?? DEFAULT_MAX_BACKLOG,
    counters: new DropCounters(),
    token,
    trustProxy: opts.trustProxy === true,
    lag: () => writer.lag(),
    flush: () => writer.flush(),
    deleteSiteEvents: async (site) => {
      // Events of the site still in the log would land after the delete: write them first.
      await writer.flush();
      await store.deleteSiteEvents(site);
    },
    dashboardDir: existsSync(path.join(DASHBOARD_DIR, 'index.html')) ? DASHBOARD_DIR : null,
  };
  const app = createApp(ctx);
  const startedAt = new Date().toISOString();
  let shownUrl = '';

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
  shownUrl = url;
  metaSync = startMetaSync(meta, {
    knownVersion: configVersion,
    status: () => {
      const stats = writer.stats();
      return {
        id: `${hostname()}:${dataDir}`,
        url: shownUrl,
        host: hostname(),
        pid: process.pid,
        startedAt,
        lastSeen: new Date().toISOString(),
        lag: writer.lag(),
        storeError: stats.failingSince === null ? null : stats.lastError,
        version: MIDGOAL_VERSION,
      };
    },
    onConfig: (cfg) => {
      ctx.loaded = configFromYaml(cfg.yaml, { file: `meta:config@${cfg.version}`, path: null });
      console.log(`[midgoal] applied configuration version ${cfg.version} from ${meta.describe} / 設定バージョン ${cfg.version} を適用しました`);
    },
  });

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

/**
 * The log writer's error reporter for a store that may be down for a while: the first failure in
 * full, then one line per `everyMs` instead of one per retry.
 */
function quietAfterFirst(everyMs: number): (err: Error) => void {
  let last = 0;
  let skipped = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < everyMs) {
      skipped += 1;
      return;
    }
    console.error(`[midgoal] ${err.message}${skipped > 0 ? ` (${skipped} more failures since the last message)` : ''}`);
    last = now;
    skipped = 0;
  };
}

/** Store, ingest log and log writer; on a failure half-way, what was opened is closed again. */
async function openPipeline(
  dataDir: string,
  storeUrl: string | undefined,
  memoryLimit: number | undefined,
): Promise<{ store: Awaited<ReturnType<typeof openStore>>; log: Awaited<ReturnType<typeof openIngestLog>>; writer: Awaited<ReturnType<typeof startLogWriter>> }> {
  const store = await openStore({ dataDir, storeUrl, memoryLimit });
  let log: Awaited<ReturnType<typeof openIngestLog>> | null = null;
  try {
    log = await openIngestLog(dataDir);
    const writer = await startLogWriter(log, store, { onError: quietAfterFirst(30_000) });
    return { store, log, writer };
  } catch (err) {
    await log?.close();
    await store.close();
    throw err;
  }
}
