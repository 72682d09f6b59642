import { describe, expect, it } from 'vitest';
import { formatDuration } from './formatDuration.ts';

describe('formatDuration', () => {
  it('two largest units', () => {
    expect([0, 45, 120, 200, 2904, 3600, 7500, 90_061].map((s) => formatDuration(s))).toEqual([
      '0s',
      '45s',
      '2m',
      '3m 20s',
      '48m 24s',
      '1h',
      '2h 5m',
      '1d 1h',
    ]);
  });

  it('Japanese units, rounding fractions, a dash for no value', () => {
    expect(formatDuration(200, 'ja')).toBe('3分20秒');
    expect(formatDuration(7500, 'ja')).toBe('2時間5分');
    expect(formatDuration(2.5)).toBe('3s');
    expect(formatDuration(null)).toBe('—');
  });
});
