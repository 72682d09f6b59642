import { describe, expect, it } from 'vitest';
import { LruMap } from './LruMap.ts';

describe('LruMap', () => {
  it('evicts the least recently used key', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });
  it('rejects a size below 1', () => {
    expect(() => new LruMap(0)).toThrow(/positive integer/);
  });
});
