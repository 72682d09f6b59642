import { createSender } from './createSender.ts';
import { forwardDataLayer } from './forwardDataLayer.ts';
import { pageUrl } from './pageUrl.ts';
import { randomId } from './randomId.ts';
import { setTrack, track } from './track.ts';
import { DEFAULT_DOWNLOADS } from './limits.ts';
import { trackClicks } from './trackClicks.ts';
import { trackEngagement } from './trackEngagement.ts';
import { trackForms } from './trackForms.ts';
import { trackHistory } from './trackHistory.ts';
import { trackVideos } from './trackVideos.ts';
import { sessionIds } from './sessionIds.ts';
import type { EventFields, KeyValue, Props, Track } from './types.ts';

/** `window.midgoal`: the snippet's stub queues calls in `q` until this script replaces it. */
type Api = Track & { q?: Parameters<Track>[]; loaded?: 1 };
type Host = Window & { midgoal?: Api; dataLayer?: unknown };

/**
 * Reads the options of its own `<script>` tag and starts every collector:
 * `data-site` (required), `data-api` (collector URL; default `api/collect` next to the script),
 * `data-cookieless` (store nothing in the browser), `data-respect-dnt` (send nothing when Do Not
 * Track or Global Privacy Control is on), `data-downloads` (file extensions, comma-separated).
 */
export function startTracker(host: Host): void {
  const doc = document;
  const tag = doc.currentScript as HTMLScriptElement;
  const option = (name: string): string | null => tag.getAttribute('data-' + name);
  const site = option('site');
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const queued = host.midgoal?.q || [];
  if (host.midgoal?.loaded) return; // the tag is on the page twice (theme + GTM)
  // Calls do nothing until the first page view, and for good when tracking is refused.
  const api: Api = (name, params) => track(name, params);
  api.loaded = 1;
  host.midgoal = api;
  if (!site || (option('respect-dnt') != null && (nav.doNotTrack == '1' || nav.globalPrivacyControl))) return;

  let storage: KeyValue | undefined;
  try {
    if (option('cookieless') == null) storage = localStorage as unknown as KeyValue;
  } catch {
    // Reading localStorage throws where the browser blocks it: the server derives the visitor, as when cookieless.
  }
  const send = createSender(option('api') || tag.src.replace(/[^/]*$/, 'api/collect'), storage || {});
  // Same-site referrers carry the previous page's query (a GET form's fields): path only.
  const referrer = doc.referrer.split(/[?#]/)[0];
  let url = '';
  setTrack((name, params) => {
    try {
      const ts = Date.now();
      // GA4 parameters: items, value and currency are event fields, the rest are props.
      const { items, value, currency, ...props } = Object(params) as EventFields & Props;
      // The id travels with the event through retries, so the store keeps one copy of a resent event.
      const id = randomId();
      send({ site, name: name as string, id, ts, url, referrer, title: doc.title, ...(storage && sessionIds(storage, ts)), props, items, value, currency });
    } catch {
      // Odd parameters (a throwing getter, a revoked proxy) lose this event, nothing else.
    }
  });

  const reportEngagement = trackEngagement(send);
  const pageView = (): void => {
    const next = pageUrl(location);
    if (next == url) return;
    if (url) reportEngagement(true);
    url = next;
    track('page_view');
  };
  pageView();
  trackHistory(pageView);
  trackClicks((option('downloads') || DEFAULT_DOWNLOADS).split(','));
  trackVideos();
  trackForms();
  queued.map((args) => track(...args));
  // Last: a dataLayer that is not an array throws here, after everything else has started.
  forwardDataLayer(host);
}
