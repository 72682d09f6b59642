import { describe, expect, it } from 'vitest';
import { validateWireEvent } from './validateWireEvent.ts';

const paths = (raw: unknown): string[] => {
  const r = validateWireEvent(raw);
  return r.ok ? [] : r.errors.map((e) => e.path);
};

describe('validateWireEvent', () => {
  it('accepts a minimal event', () => {
    expect(validateWireEvent({ site: 'shop', name: 'page_view' })).toEqual({
      ok: true,
      event: { site: 'shop', name: 'page_view' },
    });
  });
  it('reports wrong types with their field path', () => {
    expect(paths({ site: 'shop', name: 42 })).toEqual(['name']);
    expect(paths({ site: 'shop', name: 'purchase', items: [{ price: 'free' }] })).toEqual(['items[0].price']);
    expect(paths({ site: 'shop', name: 'x', props: { color: { nested: true } } })).toEqual(['props.color']);
  });
  it('names unknown fields and where custom data goes', () => {
    const r = validateWireEvent({ site: 'shop', name: 'x', colour: 'red' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.path).toBe('colour');
      expect(r.errors[0]?.message).toContain('props');
    }
  });
  it('explains the accepted timestamp forms', () => {
    const r = validateWireEvent({ site: 'shop', name: 'x', ts: '2025-06-01 09:00' });
    expect(r.ok ? '' : r.errors[0]?.message).toContain('ISO 8601');
  });
  it('reports a non-object as an error on the event itself', () => {
    expect(paths('page_view')).toEqual(['']);
  });
});
