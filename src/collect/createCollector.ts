import type { Site } from '../schema/config.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { CollectOutcome, CollectRequest, FieldError, RejectedEvent } from './collectTypes.ts';
import { createUserAgentParser } from './parseUserAgent.ts';
import { createVisitorHasher } from './createVisitorHasher.ts';
import type { DropCounters } from './DropCounters.ts';
import { enrichEvent, type EnrichContext } from './enrichEvent.ts';
import { isOriginAllowed } from './isOriginAllowed.ts';
import { resolveTimestamp } from './resolveTimestamp.ts';
import { validateWireEvent } from './validateWireEvent.ts';

export interface CollectorDeps {
  /** The configured sites by id; read on every batch so a config reload takes effect at once. */
  sites: () => ReadonlyMap<string, Site>;
  counters: DropCounters;
  now?: () => number;
  /** Distinct User-Agents remembered; parsing one costs ~50 µs. */
  userAgentCacheSize?: number;
}

/** Turns the raw items of one request into stored events and per-event rejections. */
export type Collector = (items: readonly unknown[], request: CollectRequest) => CollectOutcome;

/**
 * The collect pipeline. Each event passes, in order: validate (wire schema) → site (configured?)
 * → origin (allowed for the site?) → time (missing → now; not > 1 h ahead, not > 30 days old) →
 * bot (User-Agent) → enrich. The first step that fails decides the drop reason, which is counted.
 * Holds the User-Agent cache and the visitor-hash salt, so create one per server.
 */
export function createCollector(deps: CollectorDeps): Collector {
  const now = deps.now ?? Date.now;
  const parseUserAgent = createUserAgentParser(deps.userAgentCacheSize);
  const hashVisitor = createVisitorHasher(now);
  const { counters } = deps;

  return (items, request) => {
    const sites = deps.sites();
    const received = now();
    const accepted: StoredEvent[] = [];
    const rejected: RejectedEvent[] = [];
    let droppedBots = 0;
    const ua = parseUserAgent(request.userAgent);
    const ctx: EnrichContext = {
      ua,
      received,
      visitorFor: (site) => hashVisitor(site, request.ip, request.userAgent),
    };
    const reject = (entry: RejectedEvent): void => {
      rejected.push(entry);
      counters.add(entry.reason);
    };

    items.forEach((raw, index) => {
      const valid = validateWireEvent(raw);
      if (!valid.ok) return reject({ index, reason: 'invalid', errors: valid.errors });
      const event = valid.event;

      const site = sites.get(event.site);
      if (site === undefined) return reject({ index, reason: 'unknown_site', errors: [unknownSite(event.site)] });

      if (!isOriginAllowed(request.origin, site)) {
        return reject({ index, reason: 'origin_not_allowed', errors: [originNotAllowed(request.origin ?? '', event.site)] });
      }

      const time = resolveTimestamp(event.ts, received);
      if (!time.ok) return reject({ index, reason: time.reason, errors: [time.error] });

      // Server-side integrations (HTTP libraries) are accepted when they name the visitor.
      if (ua.bot && !(ua.httpClient && event.visitor !== undefined)) {
        droppedBots++;
        return;
      }
      accepted.push(enrichEvent(event, time.ts, site, ctx));
    });

    if (droppedBots > 0) counters.add('bot', droppedBots);
    return { accepted, rejected, droppedBots };
  };
}

function unknownSite(site: string): FieldError {
  return {
    path: 'site',
    message: `no site "${site}" is configured; add it under "sites" in midgoal.yaml or fix the site id`,
    message_ja: `サイト "${site}" は設定されていません。midgoal.yaml の "sites" に追加するか、サイト ID を直してください。`,
  };
}

function originNotAllowed(origin: string, site: string): FieldError {
  return {
    path: 'site',
    message: `pages on ${origin} may not send events for site "${site}"; add ${origin} to the site's "origins" in midgoal.yaml`,
    message_ja: `${origin} のページからはサイト "${site}" のイベントを送れません。midgoal.yaml のサイトの "origins" に ${origin} を追加してください。`,
  };
}
