import { listen } from './listen.ts';

/**
 * Calls `onRoute` after every single-page-app navigation: history.pushState / replaceState
 * (wrapped; the caller compares URLs, so a replaceState that changes nothing we send is not a
 * page view), back/forward (popstate) and hash routes (hashchange). `onRoute` must not throw:
 * it runs inside the app's own pushState call.
 */
export function trackHistory(onRoute: () => void): void {
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      onRoute();
    };
  }
  listen('popstate hashchange', onRoute);
}
