import { describe, expect, it } from 'vitest';
import { DropCounters } from './DropCounters.ts';

describe('DropCounters', () => {
  it('counts per reason and prints as a plain object', () => {
    const counters = new DropCounters();
    counters.add('bot', 3);
    counters.add('invalid');
    expect(counters.get('bot')).toBe(3);
    expect(JSON.parse(JSON.stringify(counters))).toEqual({
      invalid: 1,
      unknown_site: 0,
      bot: 3,
      too_old: 0,
      in_future: 0,
      origin_not_allowed: 0,
    });
  });
});
