import type { Site } from '../schema/config.ts';
import { isOriginAllowed } from './isOriginAllowed.ts';

/**
 * The Access-Control-Allow-Origin value for a response about `sites`: `*` when one of them
 * allows every origin, the request's own origin when one of them lists it, else null (no header,
 * so the browser blocks the page from reading the response).
 */
export function corsAllowOrigin(origin: string | null, sites: Iterable<Site>): string | null {
  let echo = false;
  for (const site of sites) {
    if (site.origins.includes('*')) return '*';
    if (origin !== null && isOriginAllowed(origin, site)) echo = true;
  }
  return echo ? origin : null;
}
