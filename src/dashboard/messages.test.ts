import { describe, expect, it } from 'vitest';
import { messages } from './messages.ts';

describe('messages', () => {
  it('words the bottleneck the same way in both languages', () => {
    expect(messages.en.bottleneck('Add to cart', '30%')).toBe('Bottleneck: Add to cart 30%');
    expect(messages.ja.bottleneck('カート追加', '30%')).toBe('ボトルネック: カート追加 30%');
  });

  it('has no empty string in either language', () => {
    for (const lang of ['en', 'ja'] as const) {
      const flat = Object.entries(messages[lang]).flatMap(([key, value]) =>
        typeof value === 'object' ? Object.entries(value).map(([k, v]) => [`${key}.${k}`, v] as const) : [[key, value] as const],
      );
      for (const [key, value] of flat) {
        const text = typeof value === 'function' ? value('x', 'y') : value;
        expect(text.trim(), `${lang}.${key}`).not.toBe('');
      }
    }
  });
});
