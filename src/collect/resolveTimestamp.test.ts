import { describe, expect, it } from 'vitest';
import { resolveTimestamp } from './resolveTimestamp.ts';

const NOW = Date.parse('2025-06-01T00:00:00Z');

describe('resolveTimestamp', () => {
  it('uses the server time when the event has none', () => {
    expect(resolveTimestamp(undefined, NOW)).toEqual({ ok: true, ts: NOW });
  });
  it('reads ISO strings with an offset', () => {
    expect(resolveTimestamp('2025-06-01T09:00:00+09:00', NOW)).toEqual({ ok: true, ts: NOW });
  });
  it('accepts up to 1 hour ahead and 30 days back', () => {
    expect(resolveTimestamp(NOW + 3_600_000, NOW).ok).toBe(true);
    expect(resolveTimestamp(NOW - 30 * 86_400_000, NOW).ok).toBe(true);
  });
  it('rejects more than 1 hour ahead as in_future', () => {
    const r = resolveTimestamp(NOW + 3_600_001, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('in_future');
      expect(r.error.path).toBe('ts');
    }
  });
  it('rejects more than 30 days back as too_old and points to the importer', () => {
    const r = resolveTimestamp('2025-04-01T00:00:00Z', NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('too_old');
      expect(r.error.message).toContain('midgoal import');
    }
  });
  it('names the seconds-for-milliseconds mistake', () => {
    const r = resolveTimestamp(Math.floor(NOW / 1000), NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('multiply by 1000');
  });
});
