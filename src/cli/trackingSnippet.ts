/**
 * The smallest useful tag: a page view sent with sendBeacon (text/plain, no CORS preflight). The full
 * tracker script (engagement, clicks, dataLayer) is docs/TRACKING.md's subject.
 */
export function trackingSnippet(serverUrl: string, site: string): string {
  const endpoint = JSON.stringify(`${serverUrl}/api/collect`);
  return (
    `<script>navigator.sendBeacon(${endpoint},JSON.stringify({site:${JSON.stringify(site)},` +
    `name:"page_view",url:location.href,referrer:document.referrer,title:document.title}))</script>`
  );
}
