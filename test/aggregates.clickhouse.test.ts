/**
 * Aggregate steps (count / distinct / sum over a session or a visitor) on ClickHouse 18.16, which
 * has no window functions (src/query/aggregateAtoms.ts + evaluateAggregates.ts), against DuckDB's
 * window functions on the same randomized events: per unit the same level and reached times, and
 * the same counts — for every order, per visitor and per session, with ranges, nesting (any / not)
 * and aggregate exclusions. Ties at the millisecond, sessions with and without ids, gaps around
 * 30 minutes and values missing or not numbers are common in the data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Match } from '../src/schema/match.ts';
import { blankStoredEvent, type StoredEvent } from '../src/schema/storedEvent.ts';
import type { EventStore, FunnelQuery, FunnelUnit } from '../src/store/EventStore.ts';
import { openClickHouseStore } from '../src/store/clickhouse/openClickHouseStore.ts';
import { openDuckDbStore } from '../src/store/duckdb/openDuckDbStore.ts';
import { clickHouseForSuite, CLICKHOUSE_HTTP } from './helpers/storeEngines.ts';

const ready = await clickHouseForSuite('aggregate steps on ClickHouse');
const DATABASE = `midgoal_agg_${process.pid}_${Date.now().toString(36)}`;
const T0 = Date.UTC(2026, 10, 2);

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dataset(seed: number, visitors: number): StoredEvent[] {
  const rand = random(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const names = ['page_view', 'page_view', 'page_view', 'view_item', 'view_item', 'add_to_cart', 'purchase'];
  const events: StoredEvent[] = [];
  for (let v = 0; v < visitors; v++) {
    const ids = rand();
    let t = T0 + Math.floor(rand() * 86_400) * 1000 + Math.floor(rand() * 1000);
    const count = 1 + Math.floor(rand() * 25);
    for (let i = 0; i < count; i++) {
      const name = pick(names);
      events.push({
        ...blankStoredEvent({ id: `g${seed}-${v}-${i}`, site: 'agg', ts: t, name, visitor: `v${seed}-${v}` }),
        session: ids < 0.4 ? '' : ids < 0.7 ? `s${Math.floor(i / 5)}` : rand() < 0.5 ? '' : `x${Math.floor(i / 7)}`,
        path: pick(['/', '/p/1', '/p/2', '/c/tea', null]),
        channel: pick(['direct', 'organic_search', 'email', 'social'] as const),
        props: pick([null, '{"cat":"tea"}', '{"cat":"towel","amount":30}', '{"amount":"lots"}', '{"cat":"tea","amount":12.5}']),
        value: name === 'purchase' ? pick([null, 40, 75.5, 120]) : null,
        // The first item counts, also when only a later one has the field or a name holds a brace.
        items:
          name === 'view_item'
            ? pick([null, '[{"item_category":"tea"}]', '[{"item_category":"towel"},{"item_category":"tea"}]', '[{"item_id":"x"},{"item_category":"tea"}]', '[{"item_name":"a}\\"b","item_category":"soap"}]'])
            : null,
      });
      const g = rand();
      if (g < 0.15) t += 0; // same millisecond
      else if (g < 0.3) t = Math.floor(t / 1000) * 1000 + 999; // same second
      else if (g < 0.4) t += (1800 + Math.floor(rand() * 3) - 1) * 1000; // a session gap, ±1 s
      else t += Math.floor(rand() * 600_000);
    }
  }
  return events;
}

const pages3: Match = { aggregate: { scope: 'session', count: { event: 'page_view' }, gte: 3 } };
const twoCategories: Match = { aggregate: { scope: 'session', distinct: { item: 'item_category' }, of: { event: 'view_item' }, gte: 2 } };
const spent100: Match = { event: 'purchase', aggregate: { scope: 'visitor', sum: 'value', of: { event: 'purchase' }, gte: 100 } };
const catsByProp: Match = { aggregate: { scope: 'visitor', distinct: { prop: 'cat' }, of: { path: '/p/*' }, gte: 2 } };
const amountSum: Match = { aggregate: { scope: 'session', sum: { prop: 'amount' }, of: { event: ['page_view', 'view_item'] }, gte: 40 } };
const pathsSeen: Match = { aggregate: { scope: 'visitor', distinct: 'path', of: { event: 'page_view' }, gte: 3 } };

const QUERIES: Record<string, Omit<FunnelQuery, 'site'>> = {
  'session page count': { steps: [{ event: 'page_view' }, pages3, { event: 'purchase' }], windowSeconds: 7_200 },
  'categories in a session': { steps: [{ event: 'view_item' }, twoCategories, { event: 'add_to_cart' }], windowSeconds: 86_400 },
  'sum of value per visitor': { steps: [{ event: 'view_item' }, spent100], windowSeconds: 86_400 },
  'distinct prop, distinct path': { steps: [catsByProp, pathsSeen, { event: 'purchase' }], windowSeconds: 86_400 },
  'nested any / not with aggregates': {
    steps: [{ event: 'page_view' }, { any: [{ event: 'add_to_cart' }, amountSum] }, { event: 'purchase', not: pages3 }],
    windowSeconds: 86_400,
  },
  'aggregate exclusion': { steps: [{ event: 'page_view' }, { event: 'purchase' }], windowSeconds: 86_400, exclusions: [twoCategories] },
  'strict, per session': { steps: [{ event: 'page_view' }, pages3, { event: 'add_to_cart' }], windowSeconds: 3_600, order: 'strict', unit: 'session' },
  'any order, in a range': {
    steps: [pages3, { event: 'view_item' }, amountSum],
    windowSeconds: 86_400,
    order: 'any',
    from: T0 + 6 * 3_600_000,
    to: T0 + 30 * 3_600_000,
  },
  'step windows': { steps: [{ event: 'page_view' }, pages3, { event: 'purchase' }], windowSeconds: 86_400, stepWindows: [null, 600, 3_600] },
};

async function units(store: EventStore, q: FunnelQuery): Promise<[string, number, (number | null)[], string | null][]> {
  const out: FunnelUnit[] = [];
  await store.funnelUnits(q, (u) => out.push(u));
  return out
    .map((u): [string, number, (number | null)[], string | null] => [u.id, u.level, [...u.reachedAt].map((t) => (Number.isNaN(t) ? null : t)), u.breakdown])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

describe.skipIf(!ready)('aggregate steps: ClickHouse (JS totals) = DuckDB (window functions)', () => {
  let dir: string;
  let duck: EventStore;
  let ch: EventStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'midgoal-agg-'));
    duck = await openDuckDbStore(dir);
    ch = openClickHouseStore(`clickhouse://${CLICKHOUSE_HTTP.replace(/^http:\/\//, '')}/${DATABASE}`, { dataDir: null });
    const events = [1, 2, 3].flatMap((seed) => dataset(seed, 150));
    await duck.append(events, null);
    await ch.append(events, null);
  });
  afterAll(async () => {
    await duck?.close();
    await ch?.close();
    await fetch(`${CLICKHOUSE_HTTP}/`, { method: 'POST', body: `DROP DATABASE IF EXISTS ${DATABASE}` }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it.each(Object.entries(QUERIES))('%s', async (_, partial) => {
    const q: FunnelQuery = { site: 'agg', ...partial };
    const expected = await units(duck, q);
    // Not a vacuous comparison: some units get past the aggregate step.
    expect(expected.some(([, level]) => level >= 2)).toBe(true);
    expect(await units(ch, q)).toEqual(expected);
    expect(await ch.funnelCounts(q)).toEqual(await duck.funnelCounts(q));
  });

  const BREAKDOWNS: [string, FunnelQuery['breakdown'], FunnelQuery['unit']][] = [
    ['channel', { column: 'channel' }, 'visitor'],
    ['prop:cat per session', { prop: 'cat' }, 'session'],
    ['landing page', { column: 'landing_page' }, 'visitor'],
    ['landing page per session', { column: 'landing_page' }, 'session'],
    ['new vs returning', { visitorType: true }, 'visitor'],
  ];
  it.each(BREAKDOWNS)('breakdown: %s', async (_, breakdown, unit) => {
    const q: FunnelQuery = { site: 'agg', ...QUERIES['session page count']!, from: T0 + 3 * 3_600_000, breakdown, unit };
    const expected = await units(duck, q);
    expect(new Set(expected.map((u) => u[3])).size).toBeGreaterThan(1);
    expect(await units(ch, q)).toEqual(expected);
  });
});
