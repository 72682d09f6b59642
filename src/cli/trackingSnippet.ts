/**
 * The tag a shop pastes into every page: the midgoal browser script (src/tracker), which records
 * page views, engagement, clicks, downloads, video, forms and GA4 dataLayer events by itself.
 * docs/TRACKING.md covers options (cookieless mode, Do Not Track) and Google Tag Manager.
 */
export function trackingSnippet(serverUrl: string, site: string): string {
  return `<script defer src="${serverUrl}/t.js" data-site="${escapeAttribute(site)}"></script>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
