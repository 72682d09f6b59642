import type { Config, Site } from '../schema/config.ts';

/**
 * A validated configuration with the presets and the demo site merged in: consumers read
 * micro-conversions, funnels and sites only from here.
 */
export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read, or null when only built-in defaults apply. */
  path: string | null;
  /** `config.sites` by id. */
  sites: ReadonlyMap<string, Site>;
}
