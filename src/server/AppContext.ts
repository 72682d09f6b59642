import type { LoadedConfig } from '../config/loadConfig.ts';
import type { EventStore } from '../store/EventStore.ts';
import type { IngestSink } from '../ingest/IngestSink.ts';
import type { DropCounters } from '../collect/DropCounters.ts';
import type { LogWriterStats } from '../ingest/startLogWriter.ts';

/** What the HTTP routes share: built once by startServer, passed to each route factory. */
export interface AppContext {
  loaded: LoadedConfig;
  store: EventStore;
  sink: IngestSink;
  counters: DropCounters;
  /** Bearer token for the CLI's internal endpoints (written to <data>/server.json). */
  token: string;
  /** Events accepted into the log but not yet in the store. */
  lag(): number;
  /** Which store this server writes to, for /api/health (no password). */
  /** memoryLimit: the embedded store's DuckDB memory limit as DuckDB reports it; null on ClickHouse. */
  storeInfo: { kind: 'embedded' | 'clickhouse'; location: string; memoryLimit: string | null };
  /** The log writer's counters: batches, failures, the last error. */
  writerStats(): LogWriterStats;
  /** The backlog bound (events) past which /api/collect refuses new events. */
  maxBacklog: number;
  /** Resolves once everything accepted so far is in the store. */
  flush(): Promise<void>;
  /** Deletes a site's stored events (demo --reset). */
  deleteSiteEvents(site: string): Promise<void>;
  /** Read client IPs from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  /** Folder of the built dashboard, or null when it has not been built. */
  dashboardDir: string | null;
}
