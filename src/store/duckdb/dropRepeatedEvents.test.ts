import { describe, expect, it } from 'vitest';
import { blankStoredEvent } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { dropRepeatedEvents } from './dropRepeatedEvents.ts';

function event(id: string, site = 'shop', ts = 1000, name = 'page_view'): StoredEvent {
  return blankStoredEvent({ id, site, ts, name, visitor: 'v1' });
}

describe('dropRepeatedEvents', () => {
  it('returns the same array when no id repeats', () => {
    const events = [event('a'), event('b')];
    expect(dropRepeatedEvents(events)).toBe(events);
  });

  it('keeps the first of events sharing site, id and ts', () => {
    const kept = dropRepeatedEvents([event('a', 'shop', 1000, 'first'), event('b'), event('a', 'shop', 1000, 'second')]);
    expect(kept.map((e) => [e.id, e.name])).toEqual([
      ['a', 'first'],
      ['b', 'page_view'],
    ]);
  });

  it('keeps the same id on another site or at another time', () => {
    const kept = dropRepeatedEvents([event('a', 'shop'), event('a', 'blog'), event('a', 'shop', 2000)]);
    expect(kept).toHaveLength(3);
  });

  it('compares ts as stored: rounded to the ms', () => {
    expect(dropRepeatedEvents([event('a', 'shop', 1000.2), event('a', 'shop', 999.8)])).toHaveLength(1);
  });
});

describe('dropRepeatedEvents with the batch key hashes', () => {
  const hashes = (pairs: [number, number][]) => ({ hi: Uint32Array.from(pairs.map((p) => p[0])), lo: Uint32Array.from(pairs.map((p) => p[1])) });

  it('returns the same array when no two hashes match', () => {
    const events = [event('a'), event('a', 'shop', 2000), event('b')];
    expect(dropRepeatedEvents(events, hashes([[1, 2], [1, 3], [2, 2]]))).toBe(events);
  });

  it('compares exactly when two hashes match: drops a real repeat, keeps a chance match', () => {
    const repeat = [event('a', 'shop', 1000, 'first'), event('b'), event('a', 'shop', 1000, 'second')];
    expect(dropRepeatedEvents(repeat, hashes([[7, 7], [8, 8], [7, 7]])).map((e) => e.name)).toEqual(['first', 'page_view']);
    const chance = [event('a'), event('b')];
    expect(dropRepeatedEvents(chance, hashes([[7, 7], [7, 7]]))).toHaveLength(2);
  });
});
