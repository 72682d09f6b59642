import { describe, expect, it } from 'vitest';
import { pageUrl } from './pageUrl.ts';

/** Location parts as the browser splits a URL. */
const at = (href: string) => {
  const u = new URL(href);
  return { origin: u.origin, pathname: u.pathname, search: u.search, hash: u.hash };
};

describe('pageUrl', () => {
  it('keeps campaign tags and ad click ids, drops every other parameter', () => {
    expect(pageUrl(at('https://shop.example/p/7?q=towel&utm_source=line&email=a%40b.jp&utm_medium=social&gclid=G1'))).toBe(
      'https://shop.example/p/7?utm_source=line&utm_medium=social&gclid=G1',
    );
    expect(pageUrl(at('https://shop.example/?fbclid=F&yclid=Y&msclkid=M&ttclid=T&twclid=X&gbraid=B&wbraid=W&dclid=D'))).toBe(
      'https://shop.example/?fbclid=F&yclid=Y&msclkid=M&ttclid=T&twclid=X&gbraid=B&wbraid=W&dclid=D',
    );
    expect(pageUrl(at('https://shop.example/?ldtag_cl=L1&ldtd=L2&li_fat_id=I&utm_id=9&utm_campaign_x=1'))).toBe(
      'https://shop.example/?ldtag_cl=L1&ldtd=L2&li_fat_id=I&utm_id=9&utm_campaign_x=1',
    );
  });

  it('drops the query entirely when nothing is kept, and a kept parameter first in line becomes the first', () => {
    expect(pageUrl(at('https://shop.example/confirm.html?name=Taro&email=taro%40example.jp'))).toBe('https://shop.example/confirm.html');
    expect(pageUrl(at('https://shop.example/?a=1&utm_source=x'))).toBe('https://shop.example/?utm_source=x');
    // A parameter that merely contains a kept name is not kept.
    expect(pageUrl(at('https://shop.example/?not_utm_source=x&xgclidx=1&utm_source'))).toBe('https://shop.example/');
  });

  it('keeps hash routes without their query, and drops in-page anchors', () => {
    expect(pageUrl(at('https://shop.example/app/#/reviews'))).toBe('https://shop.example/app/#/reviews');
    expect(pageUrl(at('https://shop.example/app/#!/cart?coupon=SECRET'))).toBe('https://shop.example/app/#!/cart');
    expect(pageUrl(at('https://shop.example/faq#shipping'))).toBe('https://shop.example/faq');
    expect(pageUrl(at('https://shop.example/cb#access_token=abc'))).toBe('https://shop.example/cb');
  });
});
