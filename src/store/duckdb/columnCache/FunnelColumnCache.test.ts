import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Match } from '../../../schema/match.ts';
import type { StoredEvent } from '../../../schema/storedEvent.ts';
import type { FunnelOrder, FunnelQuery, FunnelUnit } from '../../EventStore.ts';
import { breakdownCountsFromUnits, bucketCountsFromUnits } from '../../funnelGroupCounts.ts';
import { funnelCounts } from '../funnelCounts.ts';
import { funnelUnits } from '../funnelUnits.ts';
import { generateRealisticEvents } from '../generateRealisticEvents.ts';
import { openDuckDbStore } from '../openDuckDbStore.ts';
import type { DuckDbStore } from '../openDuckDbStore.ts';
import { FunnelColumnCache } from './FunnelColumnCache.ts';

/** Deterministic random numbers (mulberry32), as in funnelMachine.test.ts. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2026, 2, 2);
/** Distinct 97-second times of the 'shop' site (few: ties are common) and of 'sparse' (ties are rare). */
const SPREAD = { shop: 400, sparse: 40_000 } as const;
type TestSite = keyof typeof SPREAD;

/**
 * generateRealisticEvents' rows, regrouped into a few visitors over a few days with many events in
 * the same second (ties), some without a path, and a second site sharing visitor ids. On the
 * 'sparse' site the same over a year, where most visitors have no two events in one second (the
 * funnel cache's branch-free loop takes those; ties go to its exact loop).
 */
function events(count: number, seed: number, visitors: number, extraPath: string | null = null, site: TestSite = 'shop'): StoredEvent[] {
  const rand = random(seed);
  return generateRealisticEvents(count, { seed }).map((e, i) => {
    // Few distinct times, so ties in the second and in the millisecond are common.
    const second = Math.floor(rand() * SPREAD[site]) * 97;
    const ms = [0, 0, 250, 999][Math.floor(rand() * 4)] ?? 0;
    const roll = rand();
    const p = roll < 0.1 ? null : roll < 0.2 && extraPath ? extraPath : e.path;
    return {
      ...e,
      id: `${site}-${seed}-${i}`,
      site: rand() < 0.1 ? 'other' : site,
      visitor: `v${Math.floor(rand() * visitors)}`,
      ts: START + second * 1000 + ms,
      path: p,
    };
  });
}

const POOL: Match[] = [
  { event: 'page_view' },
  { event: 'view_item' },
  { event: 'add_to_cart' },
  { event: 'begin_checkout' },
  { event: 'purchase' },
  { event: ['add_to_cart', 'begin_checkout'] },
  { path: '/products/*' },
  { pathRegex: '^/c' },
  { channel: 'email' },
  { device: ['mobile', 'tablet'] },
  { all: [{ event: 'view_item' }, { path: '/products/**' }] },
  { any: [{ event: 'purchase' }, { path: '/checkout' }] },
  { not: { event: 'page_view' } },
  { event: 'page_view', not: { path: '/' } },
];

function randomQuery(rand: () => number, site: TestSite): FunnelQuery {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const stepCount = 2 + Math.floor(rand() * 4);
  const steps = Array.from({ length: stepCount }, () => pick(POOL));
  const order = pick<FunnelOrder>(['sequential', 'sequential', 'strict', 'any']);
  const q: FunnelQuery = { site, steps, windowSeconds: pick([30, 97, 291, 970, 3_600, 86_400, 3 * 86_400]), order };
  if (order !== 'any' && rand() < 0.3) q.stepWindows = steps.map((_, k) => (k === 0 || rand() < 0.5 ? null : pick([5, 97, 194, 7_200])));
  if (rand() < 0.3) q.exclusions = [pick(POOL)];
  if (rand() < 0.3) {
    // On the events' time grid, so events sit exactly on the bounds.
    q.from = START + Math.floor((rand() * SPREAD[site]) / 2) * 97_000 + pick([0, 250]);
    q.to = q.from + Math.floor((rand() * SPREAD[site]) / 2) * 97_000 + pick([0, 999]);
  }
  if (rand() < 0.4) q.breakdown = { column: pick(['channel', 'device'] as const) };
  return q;
}

type Seen = Record<string, { level: number; reachedAt: (number | null)[]; breakdown: string | null }>;
const collect = (into: Seen) => (u: FunnelUnit) => {
  into[u.id] = { level: u.level, reachedAt: [...u.reachedAt].map((x) => (Number.isNaN(x) ? null : x)), breakdown: u.breakdown };
};

/** Map entries in key order (null last), so equal maps compare equal whatever their insertion order. */
function entries<K extends string | number | null>(map: Map<K, number[]> | null): [K, number[]][] | null {
  if (map === null) return null;
  return [...map].sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1));
}

let dir: string;
let store: DuckDbStore;
let cache: FunnelColumnCache;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-colcache-'));
  store = await openDuckDbStore(dir);
  await store.append(events(4_000, 1, 120), null);
  cache = new FunnelColumnCache(() => store.connect(), 64);
});
afterAll(async () => {
  await cache.idle();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every query on both paths: per-unit level, reachedAt and breakdown, and the counts. */
async function compareRandomQueries(seed: number, queries: number, site: TestSite = 'shop'): Promise<number> {
  const rand = random(seed);
  let answered = 0;
  for (let i = 0; i < queries; i++) {
    const q = randomQuery(rand, site);
    const sql: Seen = {};
    const mine: Seen = {};
    const conn = await store.connect();
    try {
      await funnelUnits(conn, q, collect(sql));
      const sqlCounts = await funnelCounts(conn, q);
      expect(await cache.funnelUnits(q, collect(mine))).toBe(true);
      expect({ q, units: mine }).toEqual({ q, units: sql });
      expect({ q, counts: await cache.funnelCounts(q) }).toEqual({ q, counts: sqlCounts });
      // The aggregate paths against the same aggregates folded from the SQL path's units.
      const sqlStore = { funnelUnits: (query: FunnelQuery, cb: (u: FunnelUnit) => void) => funnelUnits(conn, query, cb) };
      // Always by some value, so every query checks the first-step attribution.
      const qb: FunnelQuery = { ...q, breakdown: q.breakdown ?? { column: 'device' } };
      const byValue = await breakdownCountsFromUnits(sqlStore, qb);
      expect({ qb, byValue: entries(await cache.funnelBreakdownCounts(qb)) }).toEqual({ qb, byValue: entries(byValue) });
      // Half hours: buckets may not split a quarter hour (EventStore.funnelBucketCounts).
      const bucketOf = (second: number): number => Math.floor(second / 1800);
      const byBucket = await bucketCountsFromUnits(sqlStore, q, bucketOf);
      expect({ q, byBucket: entries(await cache.funnelBucketCounts(q, bucketOf)) }).toEqual({ q, byBucket: entries(byBucket) });
      if (sqlCounts[0] !== 0) answered++;
    } finally {
      conn.closeSync();
    }
  }
  return answered;
}

describe('FunnelColumnCache', () => {
  it('gives exactly the SQL path’s units, counts and grouped counts on 80 random queries', async () => {
    const status = await cache.warm('shop');
    expect(status.refused).toBeNull();
    expect(status.events).toBe(await store.countEvents('shop'));
    // Most queries have units: the comparison is not vacuous.
    expect(await compareRandomQueries(11, 80)).toBeGreaterThan(60);
  });

  it('stays exact after batches with new visitors and new paths arrive (incremental, no rebuild)', async () => {
    await cache.warm('shop');
    await store.append(events(600, 2, 160, '/new/page'), null);
    await store.append(events(300, 3, 200, '/products/new'), null);
    const status = await cache.warm('shop');
    expect(status.events).toBe(await store.countEvents('shop'));
    expect(await compareRandomQueries(12, 40)).toBeGreaterThan(30);
  });

  it('is exact where ties in a second are rare (the branch-free loop), also after new batches', async () => {
    await store.append(events(4_000, 4, 120, null, 'sparse'), null);
    const status = await cache.warm('sparse');
    expect(status.refused).toBeNull();
    expect(await compareRandomQueries(13, 60, 'sparse')).toBeGreaterThan(45);
    await store.append(events(400, 5, 160, '/new/page', 'sparse'), null);
    expect((await cache.warm('sparse')).events).toBe(await store.countEvents('sparse'));
    expect(await compareRandomQueries(14, 30, 'sparse')).toBeGreaterThan(20);
  });

  it('leaves session units, property steps and other breakdowns to SQL', async () => {
    const base: FunnelQuery = { site: 'shop', steps: [{ event: 'page_view' }, { event: 'purchase' }], windowSeconds: 60 };
    expect(await cache.funnelCounts({ ...base, unit: 'session' })).toBeNull();
    expect(await cache.funnelCounts({ ...base, steps: [{ event: 'page_view' }, { props: { plan: 'gold' } }] })).toBeNull();
    expect(await cache.funnelUnits({ ...base, breakdown: { column: 'country' } }, () => undefined)).toBe(false);
    expect(await cache.funnelBreakdownCounts({ ...base, breakdown: { column: 'country' } })).toBeNull();
    expect(await cache.funnelBucketCounts({ ...base, unit: 'session' }, () => 0)).toBeNull();
    expect(await cache.funnelCounts(base)).not.toBeNull();
  });

  it('counts per bucket over decades (a sparse tally) as the SQL path does', async () => {
    const at = (iso: string, visitor: string, name: string, i: number): StoredEvent => ({
      ...events(1, 90 + i, 1)[0]!,
      id: `wide-${i}`,
      site: 'wide',
      visitor,
      name,
      ts: Date.parse(iso),
    });
    await store.append(
      [
        at('1971-03-01T10:00:00Z', 'a', 'page_view', 1),
        at('1971-03-01T10:05:00Z', 'a', 'purchase', 2),
        at('2030-06-01T23:59:59Z', 'b', 'page_view', 3),
        at('2030-06-02T00:00:00Z', 'c', 'page_view', 4),
      ],
      null,
    );
    await cache.warm('wide');
    const q: FunnelQuery = { site: 'wide', steps: [{ event: 'page_view' }, { event: 'purchase' }], windowSeconds: 3_600 };
    const day = (second: number): number => Math.floor(second / 86_400);
    const mine = await cache.funnelBucketCounts(q, day);
    expect(entries(mine)).toEqual([
      [day(Date.parse('1971-03-01') / 1000), [1, 1]],
      [day(Date.parse('2030-06-01') / 1000), [1, 0]],
      [day(Date.parse('2030-06-02') / 1000), [1, 0]],
    ]);
  });

  it('skips the look at the table while the write count stands still, and sees a write at once', async () => {
    let writes = 0;
    let connects = 0;
    const counted = new FunnelColumnCache(() => {
      connects += 1;
      return store.connect();
    }, 64, () => writes);
    const q: FunnelQuery = { site: 'shop', steps: [{ event: 'page_view' }, { event: 'purchase' }], windowSeconds: 3_600 };
    await counted.warm('shop');
    const first = await counted.funnelCounts(q);
    expect(first).not.toBeNull();
    const afterFirst = connects;
    expect(await counted.funnelCounts(q)).toEqual(first);
    expect(connects).toBe(afterFirst); // nothing written: no connection, no query
    await store.append(events(500, 99, 40), null);
    writes += 1;
    const conn = await store.connect();
    try {
      expect(await counted.funnelCounts(q)).toEqual(await funnelCounts(conn, q));
    } finally {
      conn.closeSync();
    }
    // It looked at the table again (and at the new shapes the batch brought).
    expect(connects).toBeGreaterThan(afterFirst);
    await counted.idle();
  });

  it('does not build a copy above MIDGOAL_FUNNEL_CACHE_MB', async () => {
    const tiny = new FunnelColumnCache(() => store.connect(), 0.01);
    const status = await tiny.warm('shop');
    expect(status.refused).toMatch(/above MIDGOAL_FUNNEL_CACHE_MB=0.01/);
    expect(await tiny.funnelCounts({ site: 'shop', steps: [{ event: 'page_view' }, { event: 'purchase' }], windowSeconds: 60 })).toBeNull();
  });
});
