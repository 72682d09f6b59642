/**
 * The golden tests' engines: every query test that uses this runs once on the embedded DuckDB
 * store and once on a real ClickHouse (127.0.0.1:8123, a throwaway database per run), so both
 * engines must give the same hand-computed answers. Without a ClickHouse the second run fails
 * when CI is set (CI starts one), and is skipped with a warning otherwise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import type { EventStore } from '../../src/store/EventStore.ts';
import { openDuckDbStore } from '../../src/store/duckdb/openDuckDbStore.ts';
import { openClickHouseStore } from '../../src/store/clickhouse/openClickHouseStore.ts';

export const CLICKHOUSE_HTTP = process.env.MIDGOAL_TEST_CLICKHOUSE ?? 'http://127.0.0.1:8123';
const HOW_TO_START =
  'start it with: runuser -u clickhouse -- clickhouse-server --config-file=/etc/clickhouse-server/config.xml & (see /work/shared/notes/clickhouse-here.md)';

export interface OpenedEngine {
  store: EventStore;
  /** Closes the store and removes what the run created. */
  dispose(): Promise<void>;
}

export interface StoreEngine {
  name: 'duckdb' | 'clickhouse';
  open(label: string): Promise<OpenedEngine>;
}

export async function clickHouseAnswers(url = CLICKHOUSE_HTTP): Promise<boolean> {
  try {
    const res = await fetch(`${url}/?query=SELECT%201`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

const duckdb: StoreEngine = {
  name: 'duckdb',
  async open(label) {
    const dir = await mkdtemp(path.join(tmpdir(), `midgoal-${label}-`));
    const store = await openDuckDbStore(dir);
    return {
      store,
      dispose: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

let runs = 0;
const clickhouse: StoreEngine = {
  name: 'clickhouse',
  async open(label) {
    runs += 1;
    const database = `midgoal_t_${label.replace(/\W/g, '_')}_${process.pid}_${runs}_${Date.now().toString(36)}`;
    const host = CLICKHOUSE_HTTP.replace(/^http:\/\//, '');
    const dir = await mkdtemp(path.join(tmpdir(), `midgoal-${label}-ch-`));
    const store = openClickHouseStore(`clickhouse://${host}/${database}`, { dataDir: dir });
    await store.migrate();
    return {
      store,
      dispose: async () => {
        await fetch(`${CLICKHOUSE_HTTP}/`, { method: 'POST', body: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

/** DuckDB always; ClickHouse when one answers (in CI it must). */
export async function storeEngines(): Promise<StoreEngine[]> {
  if (await clickHouseAnswers()) return [duckdb, clickhouse];
  if (process.env.CI) {
    return [
      duckdb,
      {
        name: 'clickhouse',
        open: () => Promise.reject(new Error(`No ClickHouse answers on ${CLICKHOUSE_HTTP}; CI must start one. ${HOW_TO_START}`)),
      },
    ];
  }
  console.warn(`[golden tests] ClickHouse runs SKIPPED: nothing answers on ${CLICKHOUSE_HTTP}; ${HOW_TO_START}`);
  return [duckdb];
}

export interface StoreEnv {
  name: 'duckdb' | 'clickhouse';
  /** Environment for `midgoal` child processes (MIDGOAL_STORE for ClickHouse). */
  env(label: string): Record<string, string>;
  /** Drops what `env(label)` pointed at. */
  dispose(label: string): Promise<void>;
}

/** The same engines for tests that run `midgoal` processes: an environment per engine. */
export async function storeEnvs(): Promise<StoreEnv[]> {
  const database = (label: string): string => `midgoal_e_${label.replace(/\W/g, '_')}_${process.pid}`;
  const host = CLICKHOUSE_HTTP.replace(/^http:\/\//, '');
  const embedded: StoreEnv = { name: 'duckdb', env: () => ({}), dispose: async () => undefined };
  const clickhouseEnv: StoreEnv = {
    name: 'clickhouse',
    env: (label) => ({ MIDGOAL_STORE: `clickhouse://${host}/${database(label)}` }),
    dispose: async (label) => {
      await fetch(`${CLICKHOUSE_HTTP}/`, { method: 'POST', body: `DROP DATABASE IF EXISTS ${database(label)}` }).catch(() => undefined);
    },
  };
  // In CI the ClickHouse runs happen even when nothing answers, and fail there.
  if ((await clickHouseAnswers()) || process.env.CI) return [embedded, clickhouseEnv];
  console.warn(`[golden tests] ClickHouse runs SKIPPED: nothing answers on ${CLICKHOUSE_HTTP}; ${HOW_TO_START}`);
  return [embedded];
}

/**
 * For suites that need the ClickHouse on 8123: true when it answers. Otherwise, under CI, adds a
 * failing test saying so (CI starts one), and elsewhere warns that the suite is skipped.
 */
export async function clickHouseForSuite(suite: string): Promise<boolean> {
  if (await clickHouseAnswers()) return true;
  if (process.env.CI) {
    describe(suite, () => {
      it(`needs a ClickHouse on ${CLICKHOUSE_HTTP} in CI`, () => {
        throw new Error(`No ClickHouse answers on ${CLICKHOUSE_HTTP}; CI must start one. ${HOW_TO_START}`);
      });
    });
  } else {
    console.warn(`[${suite}] SKIPPED: no ClickHouse answers on ${CLICKHOUSE_HTTP}; ${HOW_TO_START}`);
  }
  return false;
}
