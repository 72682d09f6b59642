import { describe, expect, it } from 'vitest';
import { generateRealisticEvents } from './generateRealisticEvents.ts';

describe('generateRealisticEvents', () => {
  it('is the same for the same seed, in time order, with UUID-shaped ids', () => {
    const a = generateRealisticEvents(200, { seed: 7, start: 1_000_000 });
    expect(generateRealisticEvents(200, { seed: 7, start: 1_000_000 })).toEqual(a);
    expect(a.every((e, i) => i === 0 || e.ts >= (a[i - 1]?.ts ?? 0))).toBe(true);
    expect(a[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(a.map((e) => e.id)).size).toBe(200);
  });

  it('fills sparse columns sparsely: purchases carry 4980 JPY, utm_content is always null', () => {
    const events = generateRealisticEvents(2000);
    const purchases = events.filter((e) => e.name === 'purchase');
    expect(purchases.length).toBeGreaterThan(0);
    expect(new Set(purchases.map((e) => `${e.value} ${e.currency}`))).toEqual(new Set(['4980 JPY']));
    expect(events.filter((e) => e.name !== 'purchase').every((e) => e.value === null && e.currency === null)).toBe(true);
    expect(events.every((e) => e.utm_content === null && e.utm_term === null)).toBe(true);
    const withReferrer = events.filter((e) => e.referrer !== null).length;
    expect(withReferrer).toBeGreaterThan(400); // ~30 %
    expect(withReferrer).toBeLessThan(800);
  });
});
