/**
 * The configuration a CLI command works with, as a server would see it: an explicit --config (or
 * MIDGOAL_CONFIG) file wins; otherwise the newest version pushed to the metadata store
 * (`midgoal config push`; PostgreSQL with MIDGOAL_META, else the data folder); otherwise
 * ./midgoal.yaml or the built-in defaults (loadConfig).
 */
import { configFromYaml } from '../config/configFromYaml.ts';
import { loadConfig } from '../config/loadConfig.ts';
import type { LoadedConfig } from '../config/LoadedConfig.ts';
import { openMetaStore } from '../meta/openMetaStore.ts';

export async function loadCommandConfig(opts: { config?: string | undefined; meta?: string | undefined; dataDir: string }): Promise<LoadedConfig> {
  if (opts.config !== undefined || process.env.MIDGOAL_CONFIG) return loadConfig(opts.config);
  const meta = await openMetaStore({ url: opts.meta, dataDir: opts.dataDir });
  try {
    const shared = await meta.latestConfig().catch((err: unknown) => {
      // Without a reachable metadata store the local file still answers; a shared one must not be skipped silently.
      if (opts.meta) throw err;
      return null;
    });
    if (shared) return configFromYaml(shared.yaml, { file: `meta:config@${shared.version}`, path: null });
  } finally {
    await meta.close();
  }
  return loadConfig(opts.config);
}
