/**
 * Store selection: MIDGOAL_STORE (or --store) unset → the embedded DuckDB store in the data
 * folder; `clickhouse://…` → ClickHouse (src/store/clickhouse/). The data folder still holds the
 * collector's ingest log either way.
 */
import { openClickHouseStore } from './clickhouse/openClickHouseStore.ts';
import { hidePassword, StoreUrlError } from './clickhouse/parseClickHouseUrl.ts';
import { openDuckDbStore } from './duckdb/openDuckDbStore.ts';
import type { EventStore } from './EventStore.ts';

export interface OpenStoreOptions {
  dataDir: string;
  /** MIDGOAL_STORE; undefined, '' or 'embedded' means the embedded store. */
  storeUrl?: string | undefined;
  /** The embedded store's DuckDB memory limit in bytes (duckdb/memoryLimit.ts); unset: DuckDB's default. */
  memoryLimit?: number | undefined;
}

/** Whether `storeUrl` selects the embedded store (the one a single process must own). */
export function isEmbeddedStore(storeUrl: string | undefined): boolean {
  return storeUrl === undefined || storeUrl === '' || storeUrl === 'embedded';
}

export async function openStore(opts: OpenStoreOptions): Promise<EventStore> {
  const url = opts.storeUrl;
  if (isEmbeddedStore(url)) return openDuckDbStore(opts.dataDir, { memoryLimit: opts.memoryLimit });
  if (url?.startsWith('clickhouse://')) return openClickHouseStore(url, { dataDir: opts.dataDir });
  throw new StoreUrlError(
    `MIDGOAL_STORE "${hidePassword(url ?? '')}" is not a store midgoal knows. Leave it unset (or "embedded") for the built-in store in the data folder, or give clickhouse://host:8123/database.`,
  );
}

/** Where a store keeps events, for messages (no password). */
export function describeStore(opts: OpenStoreOptions): string {
  return isEmbeddedStore(opts.storeUrl) ? `the embedded store in ${opts.dataDir}` : hidePassword(opts.storeUrl ?? '');
}
