import { describe, expect, it } from 'vitest';
import { createUserAgentParser } from './parseUserAgent.ts';

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const WINDOWS_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPAD_SAFARI =
  'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('createUserAgentParser', () => {
  const parse = createUserAgentParser(10);

  it('reads iPhone Safari as mobile / Mobile Safari / iOS', () => {
    expect(parse(IPHONE_SAFARI)).toEqual({ bot: false, httpClient: false, device: 'mobile', browser: 'Mobile Safari', os: 'iOS' });
  });
  it('reads Windows Chrome as desktop / Chrome / Windows', () => {
    expect(parse(WINDOWS_CHROME)).toEqual({ bot: false, httpClient: false, device: 'desktop', browser: 'Chrome', os: 'Windows' });
  });
  it('reads iPad as tablet and Android Chrome as mobile', () => {
    expect(parse(IPAD_SAFARI).device).toBe('tablet');
    expect(parse(ANDROID_CHROME)).toEqual({ bot: false, httpClient: false, device: 'mobile', browser: 'Mobile Chrome', os: 'Android' });
  });
  it('flags crawlers and HTTP libraries as bots', () => {
    expect(parse(GOOGLEBOT).bot).toBe(true);
    expect(parse('curl/8.5.0').bot).toBe(true);
    expect(parse('python-requests/2.31').bot).toBe(true);
  });
  it('treats a missing User-Agent as an unknown device, not a bot', () => {
    expect(parse('')).toEqual({ bot: false, httpClient: false, device: 'other', browser: null, os: null });
  });
  it('returns the cached object for a repeated User-Agent', () => {
    expect(parse(IPHONE_SAFARI)).toBe(parse(IPHONE_SAFARI));
  });
});
