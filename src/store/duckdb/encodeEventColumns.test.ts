import { describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, blankStoredEvent } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { NULL_MARK, VALUE_SEPARATOR, encodeEventColumns } from './encodeEventColumns.ts';

const T0 = Date.UTC(2024, 0, 15, 12, 34, 56, 789); // 1705322096789

function event(id: string, ts = T0): StoredEvent {
  return blankStoredEvent({ id, site: 'shop', ts, name: 'page_view', visitor: `v-${id}` });
}

function column(texts: string[], name: string): string | undefined {
  return texts[EVENT_COLUMNS.findIndex(([column]) => column === name)];
}

describe('encodeEventColumns', () => {
  it('gives one text per column in EVENT_COLUMNS order, values joined by chr(31)', () => {
    const texts = encodeEventColumns([event('a'), { ...event('b', T0 + 1000), title: 'Cart', value: 12.5 }]) ?? [];
    expect(texts).toHaveLength(EVENT_COLUMNS.length);
    expect(column(texts, 'id')).toBe(`a${VALUE_SEPARATOR}b`);
    expect(column(texts, 'ts')).toBe(`1705322096789${VALUE_SEPARATOR}1705322097789`);
    expect(column(texts, 'title')).toBe(`${NULL_MARK}${VALUE_SEPARATOR}Cart`);
    expect(column(texts, 'value')).toBe(`${VALUE_SEPARATOR}12.5`);
    expect(column(texts, 'session')).toBe(VALUE_SEPARATOR); // two empty strings, not NULL
  });

  it('rounds timestamps to whole ms', () => {
    const texts = encodeEventColumns([event('a', T0 + 0.6), event('b', T0 - 5000)]) ?? [];
    expect(column(texts, 'ts')?.split(VALUE_SEPARATOR)).toEqual(['1705322096790', '1705322091789']);
  });

  it('encodes only the columns asked for, in their order', () => {
    const keys = EVENT_COLUMNS.filter(([name]) => name === 'ts' || name === 'id');
    expect(encodeEventColumns([event('a'), event('b')], keys)).toEqual([`a${VALUE_SEPARATOR}b`, `1705322096789${VALUE_SEPARATOR}1705322096789`]);
  });

  it('refuses (null) a value holding the separator or equal to the NULL mark', () => {
    expect(encodeEventColumns([event('a'), { ...event('b'), title: `x${VALUE_SEPARATOR}y` }])).toBeNull();
    expect(encodeEventColumns([{ ...event('a'), props: NULL_MARK }])).toBeNull();
    // Inside a longer value the NULL mark is only a character: no ambiguity.
    expect(encodeEventColumns([{ ...event('a'), title: `x${NULL_MARK}` }])).not.toBeNull();
  });

  it('throws, naming the event, when a timestamp is not a number', () => {
    expect(() => encodeEventColumns([event('ok'), { ...event('bad'), ts: Number.NaN }])).toThrow(/Event bad has no valid ts/);
  });
});
