import { describe, expect, it } from 'vitest';
import { readEventUrl, readReferrerHost } from './readEventUrl.ts';

describe('readEventUrl', () => {
  it('splits path and campaign tags', () => {
    const parts = readEventUrl('https://WWW.Shop.example/products/1?utm_source=google&utm_medium=cpc&utm_campaign=summer&gclid=abc#top');
    expect(parts).toEqual({
      host: 'shop.example',
      path: '/products/1',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'summer',
      utm_content: null,
      utm_term: null,
      gclid: 'abc',
      paidSearchClick: true,
    });
  });
  it('decodes Japanese paths', () => {
    expect(readEventUrl('https://shop.example/%E5%95%86%E5%93%81/1').path).toBe('/商品/1');
  });
  it('reads relative URLs from server-side senders', () => {
    const parts = readEventUrl('/cart?utm_source=line');
    expect([parts.host, parts.path, parts.utm_source]).toEqual([null, '/cart', 'line']);
  });
  it('gives nothing for a missing URL', () => {
    expect(readEventUrl(undefined).path).toBeNull();
  });
});

describe('readReferrerHost', () => {
  it('lower-cases and drops www.', () => {
    expect(readReferrerHost('https://WWW.Google.co.jp/search')).toBe('google.co.jp');
  });
  it('gives null for empty or unreadable referrers', () => {
    expect(readReferrerHost('')).toBeNull();
    expect(readReferrerHost('not a url')).toBeNull();
  });
});
