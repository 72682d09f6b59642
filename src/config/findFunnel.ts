import type { Funnel } from '../schema/config.ts';
import type { LoadedConfig } from './LoadedConfig.ts';
import { funnelsForSite } from './funnelsForSite.ts';

/** The funnel `funnelId` as it applies to `siteId`; undefined when unknown or not for that site. */
export function findFunnel(loaded: LoadedConfig, siteId: string, funnelId: string): Funnel | undefined {
  return funnelsForSite(loaded, siteId).find((f) => f.id === funnelId);
}
