import { describe, expect, it } from 'vitest';
import { createVisitorHasher } from './createVisitorHasher.ts';

describe('createVisitorHasher', () => {
  it('is stable within a UTC day and changes at midnight', () => {
    let now = Date.parse('2025-06-01T00:00:00Z');
    const hash = createVisitorHasher(() => now);
    const morning = hash('shop', '203.0.113.5', 'UA');
    now = Date.parse('2025-06-01T23:59:59Z');
    expect(hash('shop', '203.0.113.5', 'UA')).toBe(morning);
    now = Date.parse('2025-06-02T00:00:00Z');
    expect(hash('shop', '203.0.113.5', 'UA')).not.toBe(morning);
  });
  it('separates sites, IPs and User-Agents, and hides the IP', () => {
    const hash = createVisitorHasher(() => 0);
    const a = hash('shop', '203.0.113.5', 'UA');
    expect(new Set([a, hash('blog', '203.0.113.5', 'UA'), hash('shop', '203.0.113.6', 'UA'), hash('shop', '203.0.113.5', 'UA2')]).size).toBe(4);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toContain('203');
  });
  it('uses a fresh salt per hasher (salts are never shared or stored)', () => {
    expect(createVisitorHasher(() => 0)('s', 'ip', 'ua')).not.toBe(createVisitorHasher(() => 0)('s', 'ip', 'ua'));
  });
});
