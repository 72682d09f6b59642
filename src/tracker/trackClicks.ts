import { listen } from './listen.ts';
import { track } from './track.ts';
import type { Props } from './types.ts';

/**
 * Clicks the shop does not have to code: elements with `data-midgoal-event="name"` (their
 * `data-midgoal-prop-*` attributes become props), file downloads (`file_download`) and links to
 * other sites (`click`; GA4's names, and the tracker sends no other clicks). Link URLs go without
 * query or fragment. Links without a host (mailto:, tel:, javascript:) lead nowhere to count.
 */
export function trackClicks(downloads: string[]): void {
  listen('click', (event) => {
    const target = event.target as Element;
    const tagged = target.closest('[data-midgoal-event]');
    if (tagged) track(tagged.getAttribute('data-midgoal-event'), attributeProps(tagged));
    const link = target.closest('a');
    if (!link?.host) return;
    const link_url = link.origin + link.pathname;
    const file = /[^/]+\.(\w+)$/.exec(link.pathname);
    const extension = file?.[1]!.toLowerCase();
    if (file && downloads.includes(extension!)) {
      track('file_download', { file_name: decodeURI(file[0]), file_extension: extension, link_url });
    } else if (link.host != location.host) {
      track('click', { link_url });
    }
  });
}

/** `data-midgoal-prop-plan="pro"` → `{ plan: "pro" }`. */
function attributeProps(element: Element): Props {
  const props: Props = {};
  for (const { name, value } of element.attributes) {
    if (/^data-midgoal-prop-/.test(name)) props[name.slice(18)] = value;
  }
  return props;
}
