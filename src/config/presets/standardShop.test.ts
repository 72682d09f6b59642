import { describe, expect, it } from 'vitest';
import { standardShop } from './standardShop.ts';
import { BUILT_IN_PRESETS } from './builtInPresets.ts';
import { checkMatchConditions } from '../checkMatchConditions.ts';

describe('standard-shop preset', () => {
  it('maps each micro-conversion to the GA4 event named in the docs', () => {
    expect(Object.fromEntries(standardShop.microConversions.map((m) => [m.id, m.match]))).toEqual({
      visit: { event: 'page_view' },
      product_list: { event: 'view_item_list' },
      product_detail: { event: 'view_item' },
      add_to_cart: { event: 'add_to_cart' },
      checkout_info: { event: 'begin_checkout' },
      checkout_confirm: { event: 'add_payment_info' },
      purchase: { event: 'purchase' },
      sign_up: { event: 'sign_up' },
      newsletter: { event: 'newsletter_signup' },
      line_signup: { event: 'line_signup' },
      faq_view: { event: 'page_view', path: '/faq**' },
      shipping_info_view: { event: 'page_view', path: '/shipping**' },
      file_download: { event: 'file_download' },
      engaged_visit: { event: 'page_engagement', props: { engaged_seconds: { gte: 120 }, scroll_depth: { gte: 70 } } },
      size_guide_view: { event: 'page_view', pathRegex: '/size[-_]?guide' },
      review_view: { any: [{ event: 'view_reviews' }, { event: 'page_view', pathRegex: '/reviews?(/|$)' }] },
      comparison_view: { event: 'page_view', pathRegex: '/compar(e|ison)' },
      video_50: {
        any: [
          { event: 'video_progress', any: [{ props: { video_percent: { gte: 50 } } }, { props: { percent: { gte: 50 } } }] },
          { event: 'video_complete' },
        ],
      },
      video_complete: {
        any: [
          { event: 'video_complete' },
          { event: 'video_progress', any: [{ props: { video_percent: { gte: 100 } } }, { props: { percent: { gte: 100 } } }] },
        ],
      },
      catalog_download: { event: 'file_download', props: { file_extension: 'pdf' } },
      pages_3: { aggregate: { scope: 'session', count: { event: 'page_view' }, gte: 3 } },
      categories_2: {
        aggregate: { scope: 'session', distinct: { item: 'item_category' }, of: { event: 'view_item' }, gte: 2 },
      },
    });
  });

  it('holds every micro-conversion of PRODUCT.md "The loop" 1', () => {
    const ids = standardShop.microConversions.map((m) => m.id);
    for (const id of [
      'visit', 'product_list', 'product_detail', 'add_to_cart', 'checkout_info', 'checkout_confirm', 'purchase',
      'engaged_visit', 'line_signup', 'newsletter', 'sign_up', 'faq_view', 'shipping_info_view', 'size_guide_view',
      'review_view', 'comparison_view', 'video_50', 'video_complete', 'catalog_download', 'pages_3', 'categories_2',
    ]) {
      expect(ids, id).toContain(id);
    }
  });

  it('has no impossible conditions', () => {
    expect(checkMatchConditions({ sites: [], funnels: [], demo: false, microConversions: [...standardShop.microConversions] })).toEqual([]);
  });

  it('labels every micro-conversion in English and Japanese', () => {
    for (const m of standardShop.microConversions) {
      expect(typeof m.label === 'object' && m.label.ja !== undefined && m.label.en !== '', m.id).toBe(true);
    }
  });

  it('defines the purchase funnel over six steps within 7 days', () => {
    expect(standardShop.funnels).toEqual([
      {
        id: 'purchase',
        label: { en: 'Purchase funnel', ja: '購入ファネル' },
        steps: ['visit', 'product_detail', 'add_to_cart', 'checkout_info', 'checkout_confirm', 'purchase'],
        window: 604800,
      },
    ]);
  });

  it('keeps ids unique across all built-in presets', () => {
    const mcIds = BUILT_IN_PRESETS.flatMap((p) => p.microConversions.map((m) => m.id));
    const funnelIds = BUILT_IN_PRESETS.flatMap((p) => p.funnels.map((f) => f.id));
    expect(new Set(mcIds).size).toBe(mcIds.length);
    expect(new Set(funnelIds).size).toBe(funnelIds.length);
  });
});
