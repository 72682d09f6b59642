import { describe, expect, it } from 'vitest';
import { standardShop } from './standardShop.ts';
import { BUILT_IN_PRESETS } from './builtInPresets.ts';

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
    });
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
