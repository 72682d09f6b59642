/**
 * Fills the URL-derived columns (path, utm_*, gclid) and the channel of imported events with the
 * collector's own rules (src/collect), so an imported event and a tracked one look alike.
 * Parsing a URL costs ~1 µs and exports repeat the same pages, so results are cached.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import { classifyChannel } from '../collect/classifyChannel.ts';
import { readEventUrl, readReferrerHost, type EventUrlParts } from '../collect/readEventUrl.ts';

const CACHE_MAX = 50_000;

/**
 * Returns a function that completes one event in place. Campaign fields already set (GA4 gives
 * them as event parameters) are kept when the URL has none.
 */
export function createUrlEnricher(ownHosts: readonly string[] = []): (event: StoredEvent) => void {
  const urls = new Map<string, EventUrlParts>();
  const referrers = new Map<string, string | null>();

  const urlParts = (url: string): EventUrlParts => {
    let parts = urls.get(url);
    if (parts === undefined) {
      if (urls.size >= CACHE_MAX) urls.clear();
      parts = readEventUrl(url);
      urls.set(url, parts);
    }
    return parts;
  };
  const referrerHost = (referrer: string): string | null => {
    let host = referrers.get(referrer);
    if (host === undefined) {
      if (referrers.size >= CACHE_MAX) referrers.clear();
      host = readReferrerHost(referrer);
      referrers.set(referrer, host);
    }
    return host;
  };

  return (event) => {
    let paidSearchClick = event.gclid !== null;
    let hosts = ownHosts;
    if (event.url !== null) {
      const parts = urlParts(event.url);
      event.path = parts.path;
      event.utm_source = parts.utm_source ?? event.utm_source;
      event.utm_medium = parts.utm_medium ?? event.utm_medium;
      event.utm_campaign = parts.utm_campaign ?? event.utm_campaign;
      event.utm_content = parts.utm_content ?? event.utm_content;
      event.utm_term = parts.utm_term ?? event.utm_term;
      event.gclid = parts.gclid ?? event.gclid;
      paidSearchClick ||= parts.paidSearchClick;
      if (parts.host !== null) hosts = [parts.host, ...ownHosts];
    }
    const refHost = event.referrer === null ? null : referrerHost(event.referrer);
    if (refHost === null && event.utm_source === null && event.utm_medium === null && !paidSearchClick) {
      event.channel = 'direct';
      return;
    }
    event.channel = classifyChannel({
      referrerHost: refHost,
      ownHosts: hosts,
      utmSource: event.utm_source,
      utmMedium: event.utm_medium,
      paidSearchClick,
    });
  };
}
