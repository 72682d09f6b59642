/** What the collector takes from the page URL: the path and the campaign tags. */
export interface EventUrlParts {
  /** Lower-case host without `www.`, or null for a relative URL. */
  host: string | null;
  /** Decoded path without query or fragment (`/商品/1`), or null when the URL cannot be read. */
  path: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_content: string | null;
  utm_term: string | null;
  gclid: string | null;
  /** An ad click id (gclid, gbraid, wbraid, msclkid, yclid): the visit came from a paid search ad. */
  paidSearchClick: boolean;
}

/** Click ids that search-ad platforms append to landing URLs (Google, Microsoft, Yahoo! JAPAN). */
export const PAID_SEARCH_CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'msclkid', 'yclid'] as const;

const RELATIVE_BASE = 'http://relative.invalid';
const NOTHING: EventUrlParts = Object.freeze({
  host: null,
  path: null,
  utm_source: null,
  utm_medium: null,
  utm_campaign: null,
  utm_content: null,
  utm_term: null,
  gclid: null,
  paidSearchClick: false,
});

/**
 * Splits an event URL. Server-side senders may pass a bare path (`/cart?utm_source=x`), so
 * relative URLs are read too, with no host.
 */
export function readEventUrl(url: string | undefined): EventUrlParts {
  if (url === undefined || url === '') return NOTHING;
  let parsed: URL;
  try {
    parsed = new URL(url, RELATIVE_BASE);
  } catch {
    return NOTHING;
  }
  const relative = parsed.origin === RELATIVE_BASE;
  const parts: EventUrlParts = {
    ...NOTHING,
    host: relative ? null : normalizeHost(parsed.hostname),
    path: decodePath(parsed.pathname),
  };
  if (parsed.search.length > 1) {
    const q = parsed.searchParams;
    parts.utm_source = param(q, 'utm_source');
    parts.utm_medium = param(q, 'utm_medium');
    parts.utm_campaign = param(q, 'utm_campaign');
    parts.utm_content = param(q, 'utm_content');
    parts.utm_term = param(q, 'utm_term');
    parts.gclid = param(q, 'gclid');
    parts.paidSearchClick = PAID_SEARCH_CLICK_IDS.some((id) => param(q, id) !== null);
  }
  return parts;
}

/** Referrer host for channel rules (lower-case, no `www.`), or null when absent or unreadable. */
export function readReferrerHost(referrer: string | undefined): string | null {
  if (referrer === undefined || referrer === '') return null;
  try {
    const host = new URL(referrer).hostname;
    return host === '' ? null : normalizeHost(host);
  } catch {
    return null;
  }
}

export function normalizeHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.startsWith('www.') ? lower.slice(4) : lower;
}

function param(q: URLSearchParams, key: string): string | null {
  const value = q.get(key);
  return value === null || value.trim() === '' ? null : value.trim();
}

/** Path conditions in midgoal.yaml are written as people read them, so store `/商品` not `/%E5%95%86%E5%93%81`. */
function decodePath(pathname: string): string {
  if (!pathname.includes('%')) return pathname;
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
