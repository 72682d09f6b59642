import { track } from './track.ts';

/**
 * Forwards GA4 e-commerce events from `window.dataLayer` under their own names, so a shop
 * tagged for GA4 needs no new tagging: GTM pushes that carry an `ecommerce` object
 * (`{event: 'purchase', ecommerce: {…}}`) and gtag.js events with `items`
 * (`gtag('event', 'add_to_cart', {…})`, which pushes its `arguments`). That covers view_item_list,
 * view_item, add_to_cart, remove_from_cart, begin_checkout, add_shipping_info, add_payment_info,
 * purchase and the rest of GA4's e-commerce set, and leaves out GTM's own events and gtag's page
 * views (the tracker sends those itself). Entries pushed before the script ran are read once;
 * later pushes go through a wrapper around `push` (GTM and gtag.js chain the push they find, so
 * the order of loading does not matter). A dataLayer that is not an array throws here, and the
 * caller catches it.
 */
export function forwardDataLayer(host: { dataLayer?: unknown }): void {
  const forward = (entry: unknown): void => {
    try {
      const e = Object(entry) as Record<string, unknown>;
      const gtag = e[0] == 'event';
      const params = (gtag ? e[2] : e.ecommerce) as { items?: unknown } | undefined;
      const name = gtag ? e[1] : e.event;
      if (name && (gtag ? params?.items : params)) track(name, params);
    } catch {
      // An entry that cannot be read (a throwing getter) is skipped, not thrown into the page.
    }
  };
  const layer = (host.dataLayer ||= []) as unknown[];
  layer.forEach(forward);
  const push = layer.push;
  layer.push = function (this: unknown[], ...entries: unknown[]) {
    const length = push.apply(this, entries);
    entries.forEach(forward);
    return length;
  };
}
