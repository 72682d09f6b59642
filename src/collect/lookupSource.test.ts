import { describe, expect, it } from 'vitest';
import { lookupReferrerHost, lookupUtmSource } from './lookupSource.ts';

describe('lookupReferrerHost', () => {
  it('matches country suffixes for google.*', () => {
    expect(lookupReferrerHost('google.co.jp')?.name).toBe('Google');
    expect(lookupReferrerHost('google.de')?.name).toBe('Google');
    expect(lookupReferrerHost('news.google.com.au')?.name).toBe('Google');
  });
  it('prefers the longest suffix: mail.google.com is Gmail', () => {
    expect(lookupReferrerHost('mail.google.com')?.kind).toBe('email');
  });
  it('matches whole labels only', () => {
    expect(lookupReferrerHost('box.com')).toBeNull();
    expect(lookupReferrerHost('notgoogle.com')).toBeNull();
    expect(lookupReferrerHost('googleusercontent.com')).toBeNull();
  });
  it('keeps Yahoo! JAPAN search apart from other Yahoo! JAPAN pages', () => {
    expect(lookupReferrerHost('search.yahoo.co.jp')?.name).toBe('Yahoo! JAPAN');
    expect(lookupReferrerHost('news.yahoo.co.jp')).toBeNull();
  });
});

describe('lookupUtmSource', () => {
  it('knows aliases, case-insensitively, and domains', () => {
    expect(lookupUtmSource('IG')?.name).toBe('Instagram');
    expect(lookupUtmSource('twitter')?.name).toBe('X (Twitter)');
    expect(lookupUtmSource('line.me')?.name).toBe('LINE');
    expect(lookupUtmSource('flyer')).toBeNull();
  });
});
