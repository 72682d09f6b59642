import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankStoredEvent } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import type { FunnelQuery } from '../EventStore.ts';
import { funnelLevels } from './funnelCounts.ts';
import { openDuckDbStore } from './openDuckDbStore.ts';
import type { DuckDbStore } from './openDuckDbStore.ts';

const T = Date.UTC(2026, 10, 2, 3, 0, 0); // a whole second
let n = 0;
function ev(visitor: string, ms: number, name: string, extra: Partial<StoredEvent> = {}): StoredEvent {
  n += 1;
  return { ...blankStoredEvent({ id: `e${n}`, site: 'shop', ts: T + ms, name, visitor }), ...extra };
}

const steps = [{ event: 'page_view' }, { event: 'add_to_cart' }];
const query = (over: Partial<FunnelQuery> = {}): FunnelQuery => ({ site: 'shop', steps, windowSeconds: 60, ...over });

let dir: string;
let store: DuckDbStore;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-funnel-'));
  store = await openDuckDbStore(dir);
  await store.append(
    [
      // whole seconds, as ClickHouse's DateTime: 10.9 s → 10, 70.999 s → 70, 60 s apart → inside
      ev('trunc-in', 10_900, 'page_view'),
      ev('trunc-in', 70_999, 'add_to_cart'),
      // 10.0 s → 10, 71.0 s → 71, 61 s apart → outside, though only 61.0 s of real time
      ev('trunc-out', 10_000, 'page_view'),
      ev('trunc-out', 71_000, 'add_to_cart'),
      // cart 0.4 s before the page view, in the same second: step order decides
      ev('same-second', 100_100, 'add_to_cart'),
      ev('same-second', 100_500, 'page_view'),
      // matches no step: not counted at all
      ev('browser', 0, 'scroll'),
      // another site with the same visitor id: ignored
      ev('other-site', 0, 'page_view', { site: 'other' }),
      ev('other-site', 1_000, 'add_to_cart', { site: 'other' }),
      // props and path steps
      ev('props', 0, 'page_view', { path: '/products/tea' }),
      ev('props', 5_000, 'purchase', { props: '{"value":4980,"coupon":"NEW10"}' }),
    ],
    null,
  );
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function levels(q: FunnelQuery): Promise<Record<string, number>> {
  const conn = await store.connect();
  try {
    return Object.fromEntries([...(await funnelLevels(conn, q))].sort());
  } finally {
    conn.closeSync();
  }
}

describe('funnelCounts on DuckDB', () => {
  it('counts per visitor over whole seconds, one site, matching events only', async () => {
    expect(await levels(query())).toEqual({ 'trunc-in': 2, 'trunc-out': 1, 'same-second': 2, props: 1 });
    // level ≥ 1: 4 visitors; level 2: trunc-in and same-second
    expect(await store.funnelCounts(query())).toEqual([4, 2]);
  });

  it('takes only events with from <= ts < to (milliseconds)', async () => {
    // from = 10.9 s drops trunc-out's page view (10.0 s) but keeps trunc-in's (10.9 s)
    const q = query({ from: T + 10_900, to: T + 100_500 });
    // to = 100.5 s excludes same-second's page view at exactly 100.5 s: it keeps only a cart event
    expect(await levels(q)).toEqual({ 'trunc-in': 2, 'trunc-out': 0, 'same-second': 0 });
    expect(await store.funnelCounts(q)).toEqual([1, 1]);
  });

  it('evaluates path and property steps', async () => {
    const q = query({
      steps: [{ path: '/products/*' }, { event: 'purchase', props: { value: { gte: 1000 }, coupon: { contains: 'NEW' } } }],
    });
    expect(await levels(q)).toEqual({ props: 2 });
    expect(await store.funnelCounts(q)).toEqual([1, 1]);
  });

  it('gives zeros for a site without events', async () => {
    expect(await store.funnelCounts(query({ site: 'nobody' }))).toEqual([0, 0]);
  });

  it('refuses an invalid query with the field that is wrong', async () => {
    await expect(store.funnelCounts(query({ windowSeconds: 0 }))).rejects.toThrow(/windowSeconds/);
    await expect(store.funnelCounts(query({ steps: [] }))).rejects.toThrow(/steps/);
  });
});
