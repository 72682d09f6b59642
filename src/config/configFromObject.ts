import type { LoadedConfig } from './LoadedConfig.ts';
import { buildLoadedConfig } from './buildLoadedConfig.ts';

/**
 * Validates a configuration given as a plain object (tests, the JSON API, generated configs).
 * Problems read `sourceName funnels[0].window: …` since an object has no lines.
 *
 * @example configFromObject({ sites: [{ id: 'shop' }] }, 'api request').sites.has('shop') // true
 */
export function configFromObject(obj: unknown, sourceName = 'config'): LoadedConfig {
  return buildLoadedConfig(obj, { file: sourceName, path: null });
}
