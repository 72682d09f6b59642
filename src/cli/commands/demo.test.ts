import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from './demo.ts';
import { openWriteTarget } from '../openWriteTarget.ts';

describe('midgoal demo (no server running)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the demo shop, refuses a second time, replaces it with --reset', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'midgoal-demo-test-'));
    dirs.push(data);

    const first = await runDemo({ data, seed: 1 });
    expect(first.wrote).toBe(true);
    expect(first.message).toContain('1000 visitors');
    expect(first.message).toContain('midgoal funnel --site demo --funnel purchase');

    const target = await openWriteTarget({ dataDir: data });
    const stored = await target.countEvents('demo');
    await target.close();
    expect(stored).toBeGreaterThan(10_000);

    const again = await runDemo({ data, seed: 1 });
    expect(again.wrote).toBe(false);
    expect(again.message).toContain(`already has ${stored.toLocaleString('en')} events`);
    expect(again.message).toContain('midgoal demo --reset');

    const reset = await runDemo({ data, seed: 2, reset: true });
    expect(reset.wrote).toBe(true);
    expect(reset.message).toContain(`Replaced ${stored.toLocaleString('en')} old demo events`);
    const check = await openWriteTarget({ dataDir: data });
    const after = await check.countEvents('demo');
    await check.close();
    // Seed 2 is another shop of the same shape: a fresh set, not old + new.
    expect(after).toBeGreaterThan(10_000);
    expect(after).toBeLessThan(stored * 1.5);
  });
});
