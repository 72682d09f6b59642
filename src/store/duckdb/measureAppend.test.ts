import { describe, expect, it } from 'vitest';
import { measureAppend } from './measureAppend.ts';

describe('measureAppend', () => {
  it('appends every event once per run (it checks the count) and reports a positive rate', async () => {
    const measured = await measureAppend({ batch: 300, events: 700, prefill: 1000, runs: 2 });
    expect(measured.eventsPerSecond).toHaveLength(2);
    expect(measured.withCheckpoint).toHaveLength(2);
    for (const rate of [...measured.eventsPerSecond, ...measured.withCheckpoint, ...measured.perCpuSecond]) expect(rate).toBeGreaterThan(0);
  });
});
