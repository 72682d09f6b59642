import { describe, expect, it } from 'vitest';
import { classifyChannel, type ChannelInput } from './classifyChannel.ts';
import { readEventUrl, readReferrerHost } from './readEventUrl.ts';

/** Classifies a page URL + referrer the way enrichEvent does, for a shop at shop.example. */
function channelOf(url: string, referrer?: string): string {
  const parts = readEventUrl(url);
  const input: ChannelInput = {
    referrerHost: readReferrerHost(referrer),
    ownHosts: parts.host === null ? [] : [parts.host],
    utmSource: parts.utm_source,
    utmMedium: parts.utm_medium,
    paidSearchClick: parts.paidSearchClick,
  };
  return classifyChannel(input);
}

const SHOP = 'https://shop.example/products/1';

describe('classifyChannel', () => {
  it.each([
    ['no referrer, no tags', SHOP, undefined, 'direct'],
    ['Google Japan', SHOP, 'https://www.google.co.jp/', 'organic_search'],
    ['Google .com', SHOP, 'https://www.google.com/search?q=x', 'organic_search'],
    ['Bing', SHOP, 'https://www.bing.com/', 'organic_search'],
    ['Yahoo! JAPAN search', SHOP, 'https://search.yahoo.co.jp/search?p=shoes', 'organic_search'],
    ['DuckDuckGo', SHOP, 'https://duckduckgo.com/', 'organic_search'],
    ['Baidu', SHOP, 'https://www.baidu.com/link?url=1', 'organic_search'],
    ['Naver', SHOP, 'https://search.naver.com/search.naver?query=x', 'organic_search'],
    ['Yandex .ru', SHOP, 'https://yandex.ru/', 'organic_search'],
    ['Ecosia', SHOP, 'https://www.ecosia.org/search?q=x', 'organic_search'],
    ['Facebook link shim', SHOP, 'https://l.facebook.com/l.php?u=x', 'social'],
    ['Instagram', SHOP, 'https://l.instagram.com/', 'social'],
    ['t.co (X)', SHOP, 'https://t.co/abc', 'social'],
    ['x.com', SHOP, 'https://x.com/someone/status/1', 'social'],
    ['LINE', SHOP, 'https://line.me/R/ti/p/@shop', 'social'],
    ['TikTok', SHOP, 'https://www.tiktok.com/@shop', 'social'],
    ['YouTube', SHOP, 'https://m.youtube.com/watch?v=1', 'social'],
    ['Pinterest Japan', SHOP, 'https://www.pinterest.jp/pin/1', 'social'],
    ['LinkedIn', SHOP, 'https://www.linkedin.com/feed/', 'social'],
    ['Gmail web', SHOP, 'https://mail.google.com/mail/u/0/', 'email'],
    ['a blog', SHOP, 'https://blog.example.org/review', 'referral'],
    ['own host (www.)', SHOP, 'https://www.shop.example/cart', 'direct'],
    ['own host, plain', SHOP, 'https://shop.example/', 'direct'],
    ['gclid', `${SHOP}?gclid=abc`, 'https://www.google.com/', 'paid_search'],
    ['Yahoo! JAPAN ad yclid', `${SHOP}?yclid=YSS.1`, 'https://search.yahoo.co.jp/', 'paid_search'],
    ['utm cpc google', `${SHOP}?utm_source=google&utm_medium=cpc`, undefined, 'paid_search'],
    ['utm ppc', `${SHOP}?utm_source=bing&utm_medium=ppc`, undefined, 'paid_search'],
    ['utm paidsearch', `${SHOP}?utm_source=yahoo&utm_medium=paidsearch`, undefined, 'paid_search'],
    ['utm cpc facebook', `${SHOP}?utm_source=facebook&utm_medium=cpc`, undefined, 'paid_social'],
    ['utm paid_social', `${SHOP}?utm_source=ig&utm_medium=paid_social`, undefined, 'paid_social'],
    ['utm email', `${SHOP}?utm_source=newsletter&utm_medium=email`, undefined, 'email'],
    ['utm_source newsletter only', `${SHOP}?utm_source=newsletter`, undefined, 'email'],
    ['utm display', `${SHOP}?utm_source=gdn&utm_medium=display`, undefined, 'display'],
    ['utm affiliate', `${SHOP}?utm_source=a8&utm_medium=affiliate`, undefined, 'affiliate'],
    ['utm social line', `${SHOP}?utm_source=line&utm_medium=social`, undefined, 'social'],
    ['utm_source line, odd medium', `${SHOP}?utm_source=line&utm_medium=richmenu`, undefined, 'social'],
    ['unknown tags, no referrer', `${SHOP}?utm_source=flyer&utm_medium=qr`, undefined, 'other'],
    ['UTM beats the referrer', `${SHOP}?utm_medium=email`, 'https://www.google.com/', 'email'],
  ])('%s → %s', (_label, url, referrer, expected) => {
    expect(channelOf(url, referrer)).toBe(expected);
  });

  it('treats hosts named in the site origins as its own', () => {
    expect(
      classifyChannel({ referrerHost: 'checkout.shop.example', ownHosts: ['shop.example', 'checkout.shop.example'], utmSource: null, utmMedium: null, paidSearchClick: false }),
    ).toBe('direct');
  });
});
