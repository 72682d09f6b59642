import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../src/store/duckdb/openDuckDbStore.ts';
import { BENCH_STEPS, BENCH_WINDOW_SECONDS, benchEventChunks, benchFunnelQuery, benchSpec, benchTsvChunks } from './generateBenchEvents.ts';
import { QUICK } from './benchPresets.ts';

/** Sequential funnel by brute force: per first-step event, the greedy chain within the window. */
function referenceFunnel(events: ReadonlyArray<{ visitor: string; ts: number; name: string }>): number[] {
  const byVisitor = new Map<string, Array<{ ts: number; name: string }>>();
  for (const e of events) {
    const list = byVisitor.get(e.visitor);
    if (list) list.push(e);
    else byVisitor.set(e.visitor, [e]);
  }
  const reached = BENCH_STEPS.map(() => 0);
  for (const list of byVisitor.values()) {
    list.sort((a, b) => a.ts - b.ts);
    let best = 0;
    list.forEach((start, i) => {
      if (start.name !== BENCH_STEPS[0]) return;
      let level = 1;
      for (let j = i + 1; j < list.length && level < BENCH_STEPS.length; j++) {
        const e = list[j];
        if (e === undefined || e.ts > start.ts + BENCH_WINDOW_SECONDS * 1000) break;
        if (e.name === BENCH_STEPS[level]) level++;
      }
      best = Math.max(best, level);
    });
    for (let k = 0; k < best; k++) reached[k] = (reached[k] ?? 0) + 1;
  }
  return reached;
}

describe('bench generator (--quick size)', () => {
  const spec = benchSpec(QUICK.events, QUICK.visitors);
  const events = [...benchEventChunks(spec, 20_000)].flat();
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('makes exactly the asked number of events and visitors, the same for a seed', () => {
    expect(events).toHaveLength(100_000);
    expect(new Set(events.map((e) => e.visitor)).size).toBe(10_000);
    expect(new Set(events.map((e) => e.id)).size).toBe(100_000);
    const again = [...benchEventChunks(spec, 50_000)].flat();
    expect(again.map((e) => `${e.visitor} ${e.ts} ${e.name}`)).toEqual(events.map((e) => `${e.visitor} ${e.ts} ${e.name}`));
  });

  it('writes the same rows as TSV for ClickHouse', () => {
    const lines = [...benchTsvChunks(spec, 7_000)].join('').trimEnd().split('\n');
    expect(lines).toHaveLength(events.length);
    expect(lines[0]).toBe(`bench\t${(events[0]?.ts ?? 0) / 1000}\t${events[0]?.name}\t${events[0]?.visitor}`);
    expect(lines.at(-1)).toBe(`bench\t${(events.at(-1)?.ts ?? 0) / 1000}\t${events.at(-1)?.name}\t${events.at(-1)?.visitor}`);
  });

  it('DuckDB funnelCounts agrees with a brute-force reference', async () => {
    const expected = referenceFunnel(events);
    // A shop-shaped funnel that narrows at every step, with purchases at the end.
    expect(expected[0]).toBe(10_000);
    for (let k = 1; k < expected.length; k++) expect(expected[k]).toBeLessThan(expected[k - 1] ?? 0);
    expect(expected[5]).toBeGreaterThan(0);

    const dir = await mkdtemp(path.join(tmpdir(), 'midgoal-bench-test-'));
    dirs.push(dir);
    const store = await openDuckDbStore(dir);
    try {
      await store.append(events, null);
      expect(await store.funnelCounts(benchFunnelQuery())).toEqual(expected);
    } finally {
      await store.close();
    }
  });
});
