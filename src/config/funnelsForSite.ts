import type { Funnel } from '../schema/config.ts';
import type { LoadedConfig } from './LoadedConfig.ts';

/**
 * Funnels that apply to a site: those without a `sites` list, and those naming it. Empty for an
 * unknown site, so a typo in a URL shows nothing rather than another site's funnels.
 */
export function funnelsForSite(loaded: LoadedConfig, siteId: string): Funnel[] {
  if (!loaded.sites.has(siteId)) return [];
  return loaded.config.funnels.filter((f) => f.sites === undefined || f.sites.includes(siteId));
}
