import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchSchema } from '../schema/match.ts';
import type { Aggregate, Match } from '../schema/match.ts';
import { blankStoredEvent } from '../schema/storedEvent.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import { buildMatchSql } from './buildMatchSql.ts';
import { buildStepMaskSql } from './buildStepMaskSql.ts';
import { matchUsesAggregate } from './matchUsesAggregate.ts';
import { duckDbMatchingIds, openMatchTestDuckDb } from './matchTestEvents.ts';

const T0 = Date.UTC(2026, 10, 1, 12);

function ev(id: string, visitor: string, session: string, second: number, name: string, extra: Partial<StoredEvent> = {}): StoredEvent {
  return { ...blankStoredEvent({ id, site: 's', ts: T0 + second * 1000, name, visitor }), session, ...extra };
}
const item = (category?: string) => JSON.stringify([category === undefined ? { item_id: 'x' } : { item_id: 'x', item_category: category }]);

/**
 * Two visitors, three sessions. Running totals worked out by hand in the comments:
 * v1/s1 page views p1 p4 p6 (3rd at p6); categories Tea (p3, p5), Sweets (p7: 2nd distinct);
 * v1/s2 page view q1 (v1's 4th overall), purchase q2 (v1's purchases: 3000 + 8000 = 11000);
 * v2/s3 page views r1, then r2 and r3 in the same second: at that second the count is 3 for both.
 */
const EVENTS: StoredEvent[] = [
  ev('p1', 'v1', 's1', 0, 'page_view', { path: '/' }),
  ev('p2', 'v1', 's1', 10, 'page_engagement', { path: '/' }),
  ev('p3', 'v1', 's1', 20, 'view_item', { path: '/products/a', items: item('Tea') }),
  ev('p4', 'v1', 's1', 30, 'page_view', { path: '/products/a' }),
  ev('p5', 'v1', 's1', 40, 'view_item', { path: '/products/b', items: item('Tea') }),
  ev('p6', 'v1', 's1', 50, 'page_view', { path: '/products/b' }),
  ev('p7', 'v1', 's1', 60, 'view_item', { path: '/products/c', items: item('Sweets') }),
  ev('p8', 'v1', 's1', 70, 'purchase', { value: 3000 }),
  ev('q1', 'v1', 's2', 1000, 'page_view', { path: '/' }),
  ev('q2', 'v1', 's2', 1010, 'purchase', { value: 8000 }),
  ev('q3', 'v1', 's2', 1020, 'view_item', { items: item('Kettles') }),
  ev('r1', 'v2', 's3', 0, 'page_view', { path: '/' }),
  ev('r2', 'v2', 's3', 5, 'page_view', { path: '/a' }),
  ev('r3', 'v2', 's3', 5, 'page_view', { path: '/a' }),
  ev('r4', 'v2', 's3', 9, 'add_to_cart', { items: item('Tea'), value: 500, props: '{"qty":2}' }),
  ev('r5', 'v2', 's3', 9, 'view_item', { items: item() }),
];

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await openMatchTestDuckDb(EVENTS);
});
afterAll(() => conn.closeSync());

const matching = (match: Match) => duckDbMatchingIds(conn, buildMatchSql(match, 'duckdb'));
const pages3: Aggregate = { scope: 'session', count: { event: 'page_view' }, gte: 3 };

describe('aggregates: running thresholds over ev (DuckDB)', () => {
  const cases: [string, Aggregate, string[]][] = [
    ['3 page views in a session: from the 3rd on, same-second events together', pages3, ['p6', 'p7', 'p8', 'r2', 'r3', 'r4', 'r5']],
    ['4 page views of a visitor, across sessions', { scope: 'visitor', count: { event: 'page_view' }, gte: 4 }, ['q1', 'q2', 'q3']],
    [
      '2 item categories among view_item in a session (add_to_cart and items without one do not count)',
      { scope: 'session', distinct: { item: 'item_category' }, of: { event: 'view_item' }, gte: 2 },
      ['p7', 'p8'],
    ],
    [
      '3 item categories of a visitor',
      { scope: 'visitor', distinct: { item: 'item_category' }, of: { event: 'view_item' }, gte: 3 },
      ['q3'],
    ],
    ['3 distinct paths viewed in a session (v2 has 2)', { scope: 'session', distinct: 'path', of: { event: 'page_view' }, gte: 3 }, ['p6', 'p7', 'p8']],
    ['purchases worth 10000 by a visitor: 3000 + 8000', { scope: 'visitor', sum: 'value', of: { event: 'purchase' }, gte: 10000 }, ['q2', 'q3']],
    ['purchases worth 10000 in one session: none', { scope: 'session', sum: 'value', of: { event: 'purchase' }, gte: 10000 }, []],
    ['a numeric property summed', { scope: 'visitor', sum: { prop: 'qty' }, of: { event: 'add_to_cart' }, gte: 2 }, ['r4', 'r5']],
  ];
  for (const [what, aggregate, expected] of cases) {
    it(what, async () => {
      expect(matchSchema.safeParse({ aggregate }).success).toBe(true);
      expect(await matching({ aggregate })).toEqual(expected);
    });
  }

  it('combines with conditions on the event itself, and with not', async () => {
    expect(await matching({ event: 'page_view', aggregate: pages3 })).toEqual(['p6', 'r2', 'r3']);
    expect(await matching({ event: 'page_view', not: { aggregate: pages3 } })).toEqual(['p1', 'p4', 'q1', 'r1']);
    expect(await matching({ any: [{ aggregate: pages3 }, { event: 'purchase' }] })).toEqual(
      ['p6', 'p7', 'p8', 'q2', 'r2', 'r3', 'r4', 'r5'],
    );
  });

  it('refuses hostile property and item names, and binds values', () => {
    const of = { event: 'view_item' };
    for (const name of ["'; DROP TABLE events; --", "a') OR 1=1"]) {
      expect(() => buildMatchSql({ aggregate: { scope: 'session', distinct: { item: name }, of, gte: 2 } }, 'duckdb')).toThrow(/not allowed/);
      expect(() => buildMatchSql({ aggregate: { scope: 'visitor', sum: { prop: name }, of, gte: 2 } }, 'duckdb')).toThrow(/not allowed/);
      expect(matchSchema.safeParse({ aggregate: { scope: 'session', distinct: { prop: name }, of, gte: 2 } }).success).toBe(false);
    }
    const f = buildMatchSql({ aggregate: { scope: 'session', distinct: { item: 'item_category' }, of: { event: "x'--" }, gte: 2 } }, 'duckdb');
    expect(f.params).toEqual(["x'--", '$[0]."item_category"', 2]);
    expect(f.sql).not.toContain("'");
  });

  it('partitions by visitor (and session_key), ordered by ts, up to the current timestamp', () => {
    expect(buildMatchSql({ aggregate: pages3 }, 'duckdb').sql).toBe(
      '((count(CASE WHEN (name = ?) THEN 1 END) OVER (PARTITION BY visitor, session_key ORDER BY ts RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) >= CAST(? AS DOUBLE)))',
    );
  });
});

describe('buildStepMaskSql with aggregate steps', () => {
  it('gives each row its bits; evaluated in the SELECT list over every event, filtered outside', async () => {
    const categories2: Aggregate = { scope: 'session', distinct: { item: 'item_category' }, of: { event: 'view_item' }, gte: 2 };
    const steps: Match[] = [{ event: 'page_view' }, { aggregate: pages3 }, { aggregate: categories2 }];
    const mask = buildStepMaskSql(steps, 'duckdb');
    const reader = await conn.runAndReadAll(
      `SELECT id, m FROM (SELECT id, ${mask.sql} AS m FROM ev) WHERE m <> 0 ORDER BY id`,
      [...mask.params],
    );
    expect(Object.fromEntries(reader.getRowsJS().map((r) => [String(r[0]), Number(r[1])]))).toEqual({
      p1: 1, p4: 1, p6: 1 + 2, p7: 2 + 4, p8: 2 + 4, q1: 1, r1: 1, r2: 1 + 2, r3: 1 + 2, r4: 2, r5: 2,
    });
  });

  it('tells the engine which steps need the window form', () => {
    expect(matchUsesAggregate({ event: 'page_view' })).toBe(false);
    expect(matchUsesAggregate({ aggregate: pages3 })).toBe(true);
    expect(matchUsesAggregate({ event: 'a', any: [{ event: 'b' }, { not: { aggregate: pages3 } }] })).toBe(true);
  });
});
