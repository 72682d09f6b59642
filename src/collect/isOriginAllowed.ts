import type { Site } from '../schema/config.ts';

/**
 * Whether a browser page at `origin` may send events for `site`. Server-side calls carry no
 * Origin header and are always allowed; `*` in the site's `origins` allows every page.
 */
export function isOriginAllowed(origin: string | null, site: Pick<Site, 'origins'>): boolean {
  if (origin === null) return true;
  const wanted = normalizeOrigin(origin);
  return site.origins.some((allowed) => allowed === '*' || normalizeOrigin(allowed) === wanted);
}

/** `HTTPS://Shop.example/` and `https://shop.example` are the same origin. */
function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}
