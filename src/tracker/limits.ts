/**
 * The tracker's tunables in one module without imports: esbuild inlines such constants as
 * literals, which keeps the script small, and tests read them from here.
 */

/** Events per request: small enough for fetch keepalive's 64 KB limit. */
export const BATCH_SIZE = 20;
/** Events of one burst (a page view and the dataLayer pushes of the same page) share a request. */
export const SEND_DELAY_MS = 500;
/** Unsent events kept for a later page load: at most this many, none older than a week. */
export const RETRY_MAX_EVENTS = 100;
export const RETRY_MAX_AGE_MS = 604_800_000;
/** After this much inactivity the next event starts a new session (GA4 and Plausible use 30 minutes too). */
export const SESSION_IDLE_MS = 1_800_000;
/** A visitor counts as active for this long after their last scroll, key or pointer action. */
export const IDLE_AFTER_MS = 30_000;
/** File extensions counted as downloads unless the tag lists its own (`data-downloads="pdf,zip,epub"`). */
export const DEFAULT_DOWNLOADS = 'pdf,zip,docx,xlsx,pptx,csv';
