import { describe, expect, it } from 'vitest';
import { createFormatters } from './format.ts';

describe('createFormatters', () => {
  const en = createFormatters('en');
  const ja = createFormatters('ja');

  it('groups thousands', () => {
    expect(en.count(1000)).toBe('1,000');
    expect(ja.count(48213)).toBe('48,213');
  });

  it('shows rates as percentages with at most one decimal', () => {
    expect(en.percent(0.3)).toBe('30%');
    expect(en.percent(0.027)).toBe('2.7%');
    expect(ja.percent(0.0751)).toBe('7.5%');
    expect(en.interval(0.269, 0.333)).toBe('26.9%–33.3%');
  });

  it('names a window in its largest whole unit', () => {
    expect(en.duration(7 * 86400)).toBe('7 days');
    expect(ja.duration(7 * 86400)).toBe('7日');
    expect(en.duration(90 * 60)).toBe('90 minutes');
    expect(ja.duration(2 * 3600)).toBe('2時間');
  });
});
