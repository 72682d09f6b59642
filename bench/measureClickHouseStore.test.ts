import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../src/schema/storedEvent.ts';
import { benchSpec } from './generateBenchEvents.ts';
import { measureStoreImport, timeRunsWithin } from './measureClickHouseStore.ts';

describe('timeRunsWithin', () => {
  it('runs at most maxRuns times, and once when the time bound is 0', async () => {
    let calls = 0;
    const many = await timeRunsWithin(4, 3600, async () => ++calls);
    expect(many.runsMs).toHaveLength(4);
    expect(many.result).toBe(4);
    const once = await timeRunsWithin(4, 0, async () => ++calls);
    expect(once.runsMs).toHaveLength(1);
    expect(once.result).toBe(5);
  });
});

describe('measureStoreImport', () => {
  const spec = benchSpec(250_000, 25_000, 3);
  const sink = () => {
    const got = { appended: [] as number[], bulk: [] as number[] };
    const store = { append: async (events: readonly StoredEvent[]) => void got.appended.push(events.length) };
    const bulk = async (events: readonly StoredEvent[]) => void got.bulk.push(events.length);
    return { got, store, bulk };
  };

  it('appends every batch through the store while within the bound', async () => {
    const { got, store, bulk } = sink();
    const r = await measureStoreImport(store, spec, 3600, bulk, () => undefined);
    expect(got).toEqual({ appended: [100_000, 100_000, 50_000], bulk: [] });
    expect(r).toMatchObject({ events: 250_000, bulkEvents: 0, bulkSeconds: 0 });
  });

  it('sends the batches past the bound to the plain insert, so the store still gets every event', async () => {
    const { got, store, bulk } = sink();
    const r = await measureStoreImport(store, spec, 0, bulk, () => undefined);
    expect(got).toEqual({ appended: [], bulk: [100_000, 100_000, 50_000] });
    expect(r).toMatchObject({ events: 0, eventsPerSecond: 0, bulkEvents: 250_000 });
  });
});
