import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';

describe('detectLanguage', () => {
  it("keeps the operator's saved choice over the browser", () => {
    expect(detectLanguage('en', ['ja-JP'])).toBe('en');
    expect(detectLanguage('ja', ['en-US'])).toBe('ja');
  });

  it('follows the first of Japanese or English the browser prefers', () => {
    expect(detectLanguage(null, ['ja-JP', 'en-US'])).toBe('ja');
    expect(detectLanguage(null, ['de-DE', 'en-GB', 'ja'])).toBe('en');
    expect(detectLanguage(null, ['fr-FR', 'JA'])).toBe('ja');
  });

  it('falls back to English, ignoring saved junk', () => {
    expect(detectLanguage('klingon', ['fr-FR'])).toBe('en');
    expect(detectLanguage(null, [])).toBe('en');
  });
});
