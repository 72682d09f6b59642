import { describe, expect, it } from 'vitest';
import { serializeEvents } from './serializeEvents.ts';
import type { WireEvent } from './types.ts';

describe('serializeEvents', () => {
  it('fixes the type slips of GA4 tagging the collector would reject', () => {
    const event = {
      site: 'demo',
      name: 'purchase',
      ts: 1,
      value: '4980',
      currency: 'JPY',
      props: { transaction_id: 'T-1', coupon: 'SPRING' },
      items: [{ item_id: 1234, item_name: 'Towel', price: '1650', quantity: '3', index: 0 }],
    } as unknown as WireEvent;
    expect(JSON.parse(serializeEvents([event]))).toEqual([
      {
        site: 'demo',
        name: 'purchase',
        ts: 1,
        value: 4980,
        currency: 'JPY',
        props: { transaction_id: 'T-1', coupon: 'SPRING' },
        items: [{ item_id: '1234', item_name: 'Towel', price: 1650, quantity: 3, index: 0 }],
      },
    ]);
  });

  it('leaves out a value or price that is no number, and changes nothing in the caller objects', () => {
    const item = { item_id: 'A', price: '¥4,980' };
    const event = { site: 'demo', name: 'add_to_cart', ts: 1, value: 'free', items: [item] } as unknown as WireEvent;
    expect(serializeEvents([event])).toBe('[{"site":"demo","name":"add_to_cart","ts":1,"items":[{"item_id":"A"}]}]');
    expect(item).toEqual({ item_id: 'A', price: '¥4,980' });
  });

  it('throws on a cycle (the sender catches it and drops that event)', () => {
    const props: Record<string, unknown> = {};
    props.self = props;
    expect(() => serializeEvents([{ site: 'demo', name: 'x', props } as unknown as WireEvent])).toThrow(TypeError);
  });
});
