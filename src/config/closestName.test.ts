import { describe, expect, it } from 'vitest';
import { closestName } from './closestName.ts';

describe('closestName', () => {
  it('suggests the name one edit away, transpositions included', () => {
    expect(closestName('windw', ['id', 'steps', 'window'])).toBe('window');
    expect(closestName('nmae', ['id', 'name'])).toBe('name');
    expect(closestName('jp', ['en', 'ja'])).toBe('ja');
  });

  it('prefers the closest of several and suggests nothing when nothing is close', () => {
    expect(closestName('purchse', ['purchase', 'purchases_x'])).toBe('purchase');
    expect(closestName('cart', ['add_to_cart', 'visit'])).toBeUndefined();
    expect(closestName('extra', ['sites', 'funnels', 'demo'])).toBeUndefined();
  });
});
