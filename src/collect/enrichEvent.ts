import { randomUUID } from 'node:crypto';
import type { Site } from '../schema/config.ts';
import type { WireEvent } from '../schema/event.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import { classifyChannel } from './classifyChannel.ts';
import type { UserAgentInfo } from './parseUserAgent.ts';
import { normalizeHost, readEventUrl, readReferrerHost } from './readEventUrl.ts';

/** Per-request facts shared by every event of a batch. */
export interface EnrichContext {
  ua: UserAgentInfo;
  /** When the collector accepted the batch, ms since the epoch. */
  received: number;
  /** The visitor id to use when the event has none (see createVisitorHasher). */
  visitorFor: (site: string) => string;
}

/**
 * A validated wire event → the row the store keeps: URL split into path and UTM tags, channel,
 * device/browser/os, and ids filled in. `ts` is the already checked event time.
 */
export function enrichEvent(event: WireEvent, ts: number, site: Site, ctx: EnrichContext): StoredEvent {
  const url = readEventUrl(event.url);
  const ownHosts = url.host === null ? hostsOf(site) : [url.host, ...hostsOf(site)];
  return {
    id: event.id ?? randomUUID(),
    site: event.site,
    ts,
    name: event.name,
    visitor: event.visitor ?? ctx.visitorFor(event.site),
    // Sessions are cut at query time; a client-made id is kept as a hint.
    session: event.session ?? '',
    url: event.url ?? null,
    path: url.path,
    referrer: event.referrer ?? null,
    title: event.title ?? null,
    channel: classifyChannel({
      referrerHost: readReferrerHost(event.referrer),
      ownHosts,
      utmSource: url.utm_source,
      utmMedium: url.utm_medium,
      paidSearchClick: url.paidSearchClick,
    }),
    utm_source: url.utm_source,
    utm_medium: url.utm_medium,
    utm_campaign: url.utm_campaign,
    utm_content: url.utm_content,
    utm_term: url.utm_term,
    gclid: url.gclid,
    device: ctx.ua.device,
    browser: ctx.ua.browser,
    os: ctx.ua.os,
    country: null,
    props: event.props === undefined ? null : JSON.stringify(event.props),
    value: event.value ?? null,
    currency: event.currency ?? null,
    items: event.items === undefined ? null : JSON.stringify(event.items),
    received: ctx.received,
  };
}

const siteHosts = new WeakMap<Site, readonly string[]>();

/** Hosts named in the site's `origins`, computed once per config object. */
function hostsOf(site: Site): readonly string[] {
  let hosts = siteHosts.get(site);
  if (hosts === undefined) {
    hosts = site.origins.flatMap((origin) => {
      const host = readReferrerHost(origin);
      return host === null ? [] : [normalizeHost(host)];
    });
    siteHosts.set(site, hosts);
  }
  return hosts;
}
