import { describe, expect, it } from 'vitest';
import { pathPatternToRegex } from './pathPatternToRegex.ts';

const matches = (pattern: string, path: string): boolean => new RegExp(pathPatternToRegex(pattern)).test(path);

describe('pathPatternToRegex', () => {
  it('translates * and ** and escapes the rest', () => {
    expect(pathPatternToRegex('/products/*')).toBe('^/products/[^/]*$');
    expect(pathPatternToRegex('/faq**')).toBe('^/faq.*$');
    expect(pathPatternToRegex('/a.html?x=(1)')).toBe('^/a\\.html\\?x=\\(1\\)$');
  });

  it('lets /faq** match the FAQ page itself and everything under it', () => {
    for (const p of ['/faq', '/faq/', '/faq.html', '/faqs', '/faq/returns/jp']) expect(matches('/faq**', p)).toBe(true);
    expect(matches('/faq**', '/help/faq')).toBe(false);
  });

  it('keeps /faq/** to pages under the folder', () => {
    expect(matches('/faq/**', '/faq')).toBe(false);
    expect(matches('/faq/**', '/faq/')).toBe(true);
    expect(matches('/faq/**', '/faq/a/b')).toBe(true);
  });

  it('keeps * within one path segment and is case-sensitive', () => {
    expect(matches('/products/*', '/products/tee-01')).toBe(true);
    expect(matches('/products/*', '/products/tee-01/reviews')).toBe(false);
    expect(matches('/products/*', '/products')).toBe(false);
    expect(matches('/FAQ', '/faq')).toBe(false);
    expect(matches('/*/faq', '/ja/faq')).toBe(true);
  });
});
