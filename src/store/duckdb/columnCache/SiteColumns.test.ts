import { describe, expect, it } from 'vitest';
import { SiteColumns, shapeKey } from './SiteColumns.ts';

const shape = { name: 'page_view', path: '/', channel: 'direct', device: 'mobile' };

/** Visitor a: events at 10.000 s and 5.250 s (unsorted on purpose); visitor b: none yet. */
function columns(): SiteColumns {
  return new SiteColumns({
    visitors: ['a', 'b'],
    shapes: [shape],
    offsets: Int32Array.from([0, 2, 2]),
    sec: Uint32Array.from([10, 5]),
    msr: Uint16Array.from([0, 250]),
    shape: Int32Array.from([0, 0]),
    seenRows: 2,
  });
}

describe('SiteColumns', () => {
  it('links later events per visitor and folds them in, time-sorted, on compact()', () => {
    const c = columns();
    const cart = c.shapeId({ ...shape, name: 'add_to_cart' });
    expect(cart).toBe(1);
    expect(c.shapeId({ ...shape })).toBe(0);
    c.addEvent(c.visitorOrdinal('a'), 7_500, cart);
    c.addEvent(c.visitorOrdinal('c'), 1_000, 0);
    expect(c.visitors).toEqual(['a', 'b', 'c']);
    expect(c.eventCount).toBe(4);
    c.compact();
    // a: 5.250 s, 7.500 s, 10.000 s; b: nothing; c: 1.000 s
    expect([...c.offsets]).toEqual([0, 3, 3, 4]);
    expect([...c.sec]).toEqual([5, 7, 10, 1]);
    expect([...c.msr]).toEqual([250, 500, 0, 0]);
    expect([...c.shape]).toEqual([0, 1, 0, 0]);
    expect(c.deltaCount).toBe(0);
  });

  it('keeps a null path apart from any text in shape keys', () => {
    expect(shapeKey({ ...shape, path: null })).not.toBe(shapeKey({ ...shape, path: 'null' }));
  });
});
