import { describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from './seedDemoIfEmpty.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';

function fakes(existing: number) {
  const appended: StoredEvent[][] = [];
  return {
    appended,
    store: { countEvents: async () => existing },
    sink: {
      append: async (events: readonly StoredEvent[]) => {
        appended.push([...events]);
      },
    },
  };
}

describe('seedDemoIfEmpty', () => {
  const NOW = Date.UTC(2026, 10, 25);

  it('seeds the demo shop through the sink when the store is empty', async () => {
    const { store, sink, appended } = fakes(0);
    expect(await seedDemoIfEmpty(store, sink, NOW)).toBe(true);
    const all = appended.flat();
    expect(new Set(all.map((e) => e.visitor)).size).toBe(1000);
    expect(all.filter((e) => e.name === 'purchase')).toHaveLength(27);
    expect(all.every((e) => e.site === 'demo')).toBe(true);
    expect(Math.max(...appended.map((batch) => batch.length))).toBeLessThanOrEqual(2000);
  });

  it('leaves a store with any events alone', async () => {
    const { store, sink, appended } = fakes(1);
    expect(await seedDemoIfEmpty(store, sink, NOW)).toBe(false);
    expect(appended).toHaveLength(0);
  });
});
