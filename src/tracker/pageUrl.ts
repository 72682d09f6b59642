/**
 * Drops every query parameter except campaign tags and ad click ids (Google gclid/gbraid/wbraid/
 * dclid, Meta fbclid, Microsoft msclkid, Yahoo! JAPAN yclid, TikTok ttclid, X twclid, LINE
 * ldtag_cl/ldtd, LinkedIn li_fat_id): search terms, e-mail addresses from GET forms and tokens
 * never leave the page.
 */
export const DROPPED_PARAM = /[?&](?!(utm_\w+|\w*clk?id|[gw]braid|ldt\w+|li_fat_id)=)[^&]*/g;

/**
 * The page URL as the tracker reports it: origin + path + kept parameters, plus a hash route
 * (`#/reviews`, `#!/cart`, without its own query) for hash-routed single-page apps. Other
 * fragments are dropped: in-page anchors, or tokens (OAuth implicit flow).
 */
export function pageUrl(location: Pick<Location, 'origin' | 'pathname' | 'search' | 'hash'>): string {
  return (
    location.origin +
    location.pathname +
    location.search.replace(DROPPED_PARAM, '').replace(/^&/, '?') +
    location.hash.replace(/^(?!#!?\/).*|\?.*/, '')
  );
}
