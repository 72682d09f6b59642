import { describe, expect, it } from 'vitest';
import { wireEventSchema } from '../schema/event.ts';
import { checkImportEvent, isPlainWireEvent, SITE_MISMATCH_REASON, TS_REQUIRED_REASON } from './checkImportEvent.ts';

const base = { site: 'shop', name: 'view_item', ts: 1714521600000, visitor: 'v1' };

/** Objects near the edges of every rule; the fast check must never accept one zod rejects. */
const CASES: Array<Record<string, unknown>> = [
  base,
  { ...base, ts: '2024-05-01T00:00:00Z' },
  { ...base, ts: '2024-05-01T00:00:00' },
  { ...base, ts: '2024-02-30T00:00:00Z' },
  { ...base, ts: -1 },
  { ...base, ts: 1.5 },
  { ...base, ts: Number.MAX_SAFE_INTEGER + 2 },
  { ...base, name: '1view' },
  { ...base, name: 'view item' },
  { ...base, name: 'a'.repeat(100) },
  { ...base, name: 'a'.repeat(101) },
  { ...base, id: '' },
  { ...base, id: 'x'.repeat(128) },
  { ...base, id: 'x'.repeat(129) },
  { ...base, visitor: 7 },
  { ...base, url: 'https://shop.example/p?q=1' },
  { ...base, url: 'x'.repeat(2049) },
  { ...base, title: 't'.repeat(513) },
  { ...base, value: 12.5 },
  { ...base, value: '12.5' },
  { ...base, currency: 'JPY' },
  { ...base, currency: 'jpy' },
  { ...base, props: { product_id: 'p1', price: 1200, gift: false, note: null } },
  { ...base, props: { nested: { a: 1 } } },
  { ...base, props: { '': 1 } },
  { ...base, props: { ['k'.repeat(65)]: 1 } },
  { ...base, props: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
  { ...base, props: [1, 2] },
  { ...base, items: [{ item_id: 'p1', price: 1200 }] },
  { ...base, extra: 1 },
  { ...base, site: '' },
];

describe('isPlainWireEvent', () => {
  it('accepts only what wireEventSchema accepts', () => {
    for (const c of CASES) {
      if (isPlainWireEvent(c)) expect(wireEventSchema.safeParse(c).success, JSON.stringify(c).slice(0, 80)).toBe(true);
    }
  });

  it('accepts the common plain shape without zod', () => {
    expect(isPlainWireEvent(base)).toBe(true);
    expect(isPlainWireEvent({ ...base, props: { product_id: 'p1', price: 1200 }, value: 1200, currency: 'JPY' })).toBe(true);
  });
});

describe('checkImportEvent', () => {
  it('fills a missing site from --site and requires ts', () => {
    const ok = checkImportEvent({ name: 'purchase', ts: 1714521600000, visitor: 'v' }, 'shop');
    expect(ok).toEqual({ ok: true, event: { site: 'shop', name: 'purchase', ts: 1714521600000, visitor: 'v' } });
    expect(checkImportEvent({ name: 'purchase', visitor: 'v' }, 'shop')).toEqual({ ok: false, reason: TS_REQUIRED_REASON });
  });

  it('rejects another site instead of filing events under the wrong shop', () => {
    expect(checkImportEvent({ ...base, site: 'other' }, 'shop')).toEqual({ ok: false, reason: SITE_MISMATCH_REASON });
  });

  it('words zod problems with the field path', () => {
    const r = checkImportEvent({ ...base, currency: 'yen' }, 'shop');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('currency: must be an ISO 4217 code');
    const unknown = checkImportEvent({ ...base, colour: 'red' }, 'shop');
    expect(!unknown.ok && unknown.reason).toContain('colour: is not an event field');
    expect(checkImportEvent([1], 'shop')).toEqual({ ok: false, reason: 'not a JSON object — each line must be one event object' });
  });

  it('accepts items through zod', () => {
    const r = checkImportEvent({ ...base, items: [{ item_id: 'p1', price: 1200, quantity: 2 }] }, 'shop');
    expect(r.ok).toBe(true);
  });
});
