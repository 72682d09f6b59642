import { IDLE_AFTER_MS } from './limits.ts';
import { listen } from './listen.ts';
import { track } from './track.ts';

/**
 * Engaged time and scroll depth of the current page view, sent as `page_engagement`
 * (`engaged_seconds`, `scroll_depth` in %) each time the page is hidden (which includes being
 * left: visibilitychange is the last event browsers reliably deliver) and before the next page
 * view of a single-page app. Engaged time is visible time during which the visitor was active:
 * each scroll, key or pointer action adds the time since the previous one, at most 30 seconds,
 * so reading counts and a tab left open overnight does not; the time a page spends hidden never
 * counts. Depth is the furthest the bottom of the window has reached, measured at each action
 * rather than at load (images still loading change the height). Both are whole numbers, rounded
 * down. Values are totals for the page view, so a later report (the visitor came back)
 * supersedes an earlier one and one event is enough to match "≥ 120 s AND ≥ 70 %".
 *
 * Returns `report(restart)`; with `restart` (a single-page-app navigation) counting starts over.
 */
export function trackEngagement(onHide: () => void): (restart?: boolean) => void {
  let engaged = 0;
  let depth = 0;
  let last = Date.now();

  const report = (restart?: boolean): void => {
    track('page_engagement', { engaged_seconds: (engaged / 1000) | 0, scroll_depth: depth });
    if (restart) engaged = depth = 0;
  };
  listen('scroll keydown pointerdown pointermove visibilitychange', (event) => {
    // Becoming visible ends a hidden stretch: that time is not added.
    if (event.type != 'visibilitychange' || document.hidden) engaged += Math.min(Date.now() - last, IDLE_AFTER_MS);
    last = Date.now();
    depth = Math.max(depth, Math.min(100, (((scrollY + innerHeight) * 100) / document.body.scrollHeight) | 0));
    if (document.hidden) {
      report();
      onHide();
    }
  });
  return report;
}
