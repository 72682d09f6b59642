import { describe, expect, it } from 'vitest';
import { EXCLUSION_BIT, STEP_CODE_SCALE } from './funnelCodes.ts';
import { createFunnelMachine } from './funnelMachine.ts';
import type { FunnelSpec } from './funnelQuerySchema.ts';
import { windowFunnelLevel } from './windowFunnelLevel.ts';

type Order = FunnelSpec['order'];
/** An event: [seconds, steps it matches (0-based), matches an exclusion?]. */
type Ev = [number, number[], boolean?];

function spec(order: Order, steps: number, window: number, stepWindows: (number | null)[] = []): FunnelSpec {
  const w = new Float64Array(steps).fill(Infinity);
  stepWindows.forEach((s, k) => {
    if (s !== null) w[k] = s;
  });
  return { order, stepCount: steps, windowSeconds: window, stepWindows: w, hasExclusions: true };
}

function codesOf(events: Ev[]): { codes: Float64Array; seen: number } {
  let seen = 0;
  const codes = new Float64Array(
    events.map(([s, ks, x]) => {
      const mask = ks.reduce((m, k) => m | (1 << k), 0);
      seen |= mask;
      return s * STEP_CODE_SCALE + mask + (x ? EXCLUSION_BIT : 0);
    }),
  );
  return { codes, seen };
}

/** [level, reachedAt with NaN as null]. */
function run(s: FunnelSpec, events: Ev[]): [number, (number | null)[]] {
  const { codes, seen } = codesOf(events);
  const reached = new Float64Array(s.stepCount);
  const level = createFunnelMachine(s).level(codes, codes.length, seen, reached);
  // The level-only path (funnelCounts) must agree.
  const again = codesOf(events);
  expect(createFunnelMachine(s).level(again.codes, again.codes.length, again.seen, null)).toBe(level);
  return [level, [...reached].map((t) => (Number.isNaN(t) ? null : t))];
}

const level = (s: FunnelSpec, events: Ev[]): number => run(s, events)[0];

describe('sequential', () => {
  const seq3 = spec('sequential', 3, 60);

  it('window edge: inclusive at start + window, not one second later', () => {
    expect(run(seq3, [[100, [0]], [130, [1]], [160, [2]]])).toEqual([3, [100, 130, 160]]);
    expect(level(seq3, [[100, [0]], [130, [1]], [161, [2]]])).toBe(2);
  });

  it('same second: taken in step order, one event may be several steps', () => {
    expect(run(seq3, [[100, [2]], [100, [1]], [100, [0]]])).toEqual([3, [100, 100, 100]]);
    expect(level(seq3, [[100, [0, 1, 2]]])).toBe(3);
  });

  it('repeated attempts: keeps the best level, reports the chain that first reached it', () => {
    // attempt at 0 reaches step 2 at 10; attempt at 100 gets to step 3 at 160
    expect(run(seq3, [[0, [0]], [10, [1]], [100, [0]], [150, [1]], [160, [2]]])).toEqual([3, [100, 150, 160]]);
    // latest start among those that fit: a@0, a@50, b@55, c@105 → chain 50, 55, 105
    expect(run(seq3, [[0, [0]], [50, [0]], [55, [1]], [105, [2]]])).toEqual([3, [50, 55, 105]]);
    // the older attempt's progress survives a new start: a@0 b@10 a@20 c@30 → 0, 10, 30
    expect(run(seq3, [[0, [0]], [10, [1]], [20, [0]], [30, [2]]])).toEqual([3, [0, 10, 30]]);
  });

  it('per-step windows: each step within its own limit of the step before', () => {
    // step 2 within 40 s of step 1, global window 1000
    const s = spec('sequential', 3, 1000, [null, null, 40]);
    expect(level(s, [[0, [0]], [50, [1]], [90, [2]]])).toBe(3); // 40: on the edge
    expect(level(s, [[0, [0]], [50, [1]], [91, [2]]])).toBe(2);
    // a later repeat of step 1 is what the chain uses: b@50, b@80, c@115 (35 after b@80)
    expect(run(s, [[0, [0]], [50, [1]], [80, [1]], [115, [2]]])).toEqual([3, [0, 80, 115]]);
    // the global window still holds: step windows of 40 + 40 but window 60
    const both = spec('sequential', 3, 60, [null, 40, 40]);
    expect(level(both, [[0, [0]], [40, [1]], [61, [2]]])).toBe(2);
    expect(level(both, [[0, [0]], [40, [1]], [60, [2]]])).toBe(3);
  });

  it('exclusions void a chain they fall strictly inside, not the steps before them', () => {
    // a@0, exclusion@5, b@10: chain a→b spans the exclusion → level 1
    expect(run(seq3, [[0, [0]], [5, [], true], [10, [1]]])).toEqual([1, [0, null, null]]);
    // exclusion in the same second as the first step, or as the last: not strictly inside
    expect(level(seq3, [[0, [0]], [0, [], true], [10, [1]]])).toBe(2);
    expect(level(seq3, [[0, [0]], [10, [1]], [10, [], true]])).toBe(2);
    // but a step after that exclusion second may not extend the chain
    expect(level(seq3, [[0, [0]], [10, [1]], [10, [], true], [20, [2]]])).toBe(2);
    // a fresh attempt after the exclusion is clean: a@0 x@5 a@6 b@7 c@8 → 3 from 6
    expect(run(seq3, [[0, [0]], [5, [], true], [6, [0]], [7, [1]], [8, [2]]])).toEqual([3, [6, 7, 8]]);
    // levels reached before the exclusion stay: a@0 b@1 x@2 c@3 → 2
    expect(level(seq3, [[0, [0]], [1, [1]], [2, [], true], [3, [2]]])).toBe(2);
  });

  it('gives 0 and no times when nothing is a first step', () => {
    expect(run(seq3, [[10, [1]], [20, [2]]])).toEqual([0, [null, null, null]]);
  });
});

describe('strict (ClickHouse strict_order, per attempt)', () => {
  const strict4 = spec('strict', 4, 100);

  it('stops at an event that is another step: A→B→D→C gives 2', () => {
    expect(run(strict4, [[0, [0]], [1, [1]], [2, [3]], [3, [2]]])).toEqual([2, [0, 1, null, null]]);
    // sequential would find A→B→C
    expect(level(spec('sequential', 4, 100), [[0, [0]], [1, [1]], [2, [3]], [3, [2]]])).toBe(3);
  });

  it('lets events that match no step pass (they never reach the machine)', () => {
    expect(level(strict4, [[0, [0]], [1, [1]], [3, [2]], [4, [3]]])).toBe(4);
  });

  it('a repeat of the step just reached waits; a repeat of an earlier step breaks', () => {
    // A B B C D → 4 (reload of B, which the chain then takes as B's time)
    expect(run(strict4, [[0, [0]], [1, [1]], [2, [1]], [3, [2]], [4, [3]]])).toEqual([4, [0, 2, 3, 4]]);
    // A B C B D → 3 (B is neither the next step D nor the step just reached C)
    expect(level(strict4, [[0, [0]], [1, [1]], [2, [2]], [3, [1]], [4, [3]]])).toBe(3);
    // A A B → 2: the second A both waits and starts a new attempt
    expect(run(strict4, [[0, [0]], [5, [0]], [6, [1]]])).toEqual([2, [5, 6, null, null]]);
  });

  it('ends one attempt only: a later first step starts over, the best level stays', () => {
    // A B D (ends at 2) … A B C D → 4
    expect(run(strict4, [[0, [0]], [1, [1]], [2, [3]], [10, [0]], [11, [1]], [12, [2]], [13, [3]]])).toEqual([
      4,
      [10, 11, 12, 13],
    ]);
    // A B C, then A (breaks the attempt at 3 and starts a new one), then D → 3
    expect(level(strict4, [[0, [0]], [1, [1]], [2, [2]], [3, [0]], [4, [3]]])).toBe(3);
  });

  it('an event that is the next step is never an intervention, whatever else it matches', () => {
    // confirm page is also a "visit" (step 0): A B C {0,3} → 4
    expect(level(strict4, [[0, [0]], [1, [1]], [2, [2]], [3, [0, 3]]])).toBe(4);
  });

  it('same second: one group, steps in step order', () => {
    expect(run(strict4, [[7, [3]], [7, [1]], [7, [2]], [7, [0]]])).toEqual([4, [7, 7, 7, 7]]);
    // A, then B and D in one second: B advances, the group does not break → C later gives 3
    expect(level(strict4, [[0, [0]], [1, [1]], [1, [3]], [2, [2]]])).toBe(3);
  });

  it('windows: the next step past the window cannot advance, and ends the attempt', () => {
    const s = spec('strict', 3, 60, [null, null, 10]);
    // a repeat of b moves b's time: b@30, b@35, c@44 is 9 s after the repeat
    expect(run(s, [[0, [0]], [30, [1]], [35, [1]], [44, [2]]])).toEqual([3, [0, 35, 44]]);
    expect(level(s, [[0, [0]], [30, [1]], [40, [2]]])).toBe(3);
    expect(level(s, [[0, [0]], [30, [1]], [41, [2]]])).toBe(2);
    expect(level(s, [[0, [0]], [55, [1]], [61, [2]]])).toBe(2); // global window
  });

  it('exclusions end attempts started before them', () => {
    const s = spec('strict', 3, 60);
    expect(level(s, [[0, [0]], [1, [1]], [2, [], true], [3, [2]]])).toBe(2);
    expect(level(s, [[0, [0]], [1, [1]], [1, [], true], [1, [2]]])).toBe(3);
  });
});

describe('any (steps in any order within the window)', () => {
  const any3 = spec('any', 3, 60);

  it('counts the first k steps done in any order', () => {
    expect(run(any3, [[0, [2]], [10, [1]], [20, [0]]])).toEqual([3, [20, 10, 0]]);
    // steps 0 and 2 without 1: level 1 (step 2 alone does not make "reached step 2")
    expect(run(any3, [[0, [2]], [20, [0]]])).toEqual([1, [20, null, null]]);
  });

  it('window: all k within window seconds of each other, inclusive', () => {
    expect(level(any3, [[0, [2]], [30, [1]], [60, [0]]])).toBe(3);
    expect(level(any3, [[0, [2]], [30, [1]], [61, [0]]])).toBe(2);
    // a later repeat of step 2 brings it back in: … 61 step 0, 62 step 2 → 3
    expect(run(any3, [[0, [2]], [30, [1]], [61, [0]], [62, [2]]])).toEqual([3, [61, 30, 62]]);
  });

  it('exclusions: none strictly between the earliest and the latest of the set', () => {
    expect(level(any3, [[0, [1]], [5, [], true], [10, [0]]])).toBe(1);
    expect(level(any3, [[0, [1]], [0, [], true], [10, [0]], [12, [2]]])).toBe(3);
  });

  it('one event may count for several steps', () => {
    expect(level(any3, [[5, [0, 1, 2]]])).toBe(3);
  });
});

/** Deterministic random numbers (mulberry32). */
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

function randomUnit(rand: () => number, steps: number, maxEvents: number, exclusions: boolean): Ev[] {
  const events: Ev[] = [];
  let t = 0;
  const count = 1 + Math.floor(rand() * maxEvents);
  for (let i = 0; i < count; i++) {
    t += rand() < 0.3 ? 0 : Math.floor(rand() * 40);
    const ks: number[] = [];
    for (let k = 0; k < steps; k++) if (rand() < 1.2 / steps) ks.push(k);
    events.push([t, ks, exclusions && rand() < 0.08]);
  }
  // shuffle: the machine sorts
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [events[i], events[j]] = [events[j] as Ev, events[i] as Ev];
  }
  return events;
}

/** Straight from the definition: the longest chain t0 ≤ … ≤ tk with its windows and no exclusion strictly inside. */
function bruteSequential(s: FunnelSpec, events: Ev[]): number {
  const groups = [...new Set(events.map((e) => e[0]))].sort((a, b) => a - b);
  const stepsAt = (t: number, k: number): boolean => events.some((e) => e[0] === t && e[1].includes(k));
  const excluded = events.filter((e) => e[2]).map((e) => e[0]);
  let best = 0;
  const extend = (k: number, t0: number, prev: number): void => {
    best = Math.max(best, k);
    if (k === s.stepCount) return;
    for (const t of groups) {
      if (t < prev || t > t0 + s.windowSeconds || t - prev > (s.stepWindows[k] ?? Infinity)) continue;
      if (!stepsAt(t, k) || excluded.some((x) => x > t0 && x < t)) continue;
      extend(k + 1, t0, t);
    }
  };
  for (const t of groups) if (stepsAt(t, 0)) extend(1, t, t);
  return best;
}

/** Every attempt kept (no pruning), as funnelStrict.ts's rules say. */
function bruteStrict(s: FunnelSpec, events: Ev[]): number {
  const times = [...new Set(events.map((e) => e[0]))].sort((a, b) => a - b);
  let attempts: { start: number; last: number; level: number }[] = [];
  let best = 0;
  for (const t of times) {
    const here = events.filter((e) => e[0] === t);
    const has = (k: number): boolean => here.some((e) => e[1].includes(k));
    const isStep = here.some((e) => e[1].some((k) => k < s.stepCount));
    if (isStep) {
      const next: typeof attempts = [];
      for (const a of attempts) {
        let { level, last } = a;
        const fits = t <= a.start + s.windowSeconds && t - last <= (s.stepWindows[level] ?? Infinity);
        const waits = has(level - 1);
        if (fits && waits && !has(level)) last = t;
        let advanced = false;
        while (fits && level < s.stepCount && has(level)) {
          level++;
          last = t;
          advanced = true;
        }
        best = Math.max(best, level);
        if (level < s.stepCount && fits && (advanced || waits)) next.push({ start: a.start, last, level });
      }
      if (has(0)) {
        let level = 1;
        while (level < s.stepCount && has(level)) level++;
        best = Math.max(best, level);
        if (level < s.stepCount) next.push({ start: t, last: t, level });
      }
      attempts = next;
    }
    if (here.some((e) => e[2])) attempts = attempts.filter((a) => a.start >= t);
  }
  return best;
}

/** Every choice of one event per step for the first k steps. */
function bruteAny(s: FunnelSpec, events: Ev[]): number {
  const excluded = events.filter((e) => e[2]).map((e) => e[0]);
  let best = 0;
  const choose = (k: number, lo: number, hi: number): void => {
    if (k > 0 && hi - lo <= s.windowSeconds && !excluded.some((x) => x > lo && x < hi)) best = Math.max(best, k);
    if (k === s.stepCount) return;
    for (const e of events) {
      if (e[1].includes(k)) choose(k + 1, Math.min(lo, e[0]), Math.max(hi, e[0]));
    }
  };
  choose(0, Infinity, -Infinity);
  return best;
}

describe('randomized: the machines equal their definitions', () => {
  it('strict with 20 steps and events matching many steps (the entry pool grows)', () => {
    const rand = random(20);
    for (let n = 0; n < 300; n++) {
      const s = spec('strict', 20, 1_000);
      const events: Ev[] = [];
      for (let i = 0, t = 0; i < 60; i++, t += Math.floor(rand() * 3)) {
        const from = Math.floor(rand() * 20);
        events.push([t, Array.from({ length: 1 + Math.floor(rand() * 20) }, (_, k) => (from + k) % 20), rand() < 0.02]);
      }
      expect(level(s, events)).toBe(bruteStrict(s, events));
    }
  });

  it('sequential without extras equals windowFunnelLevel (the fast path)', () => {
    const rand = random(7);
    for (let n = 0; n < 3000; n++) {
      const steps = 2 + Math.floor(rand() * 5);
      const s = { ...spec('sequential', steps, 10 + Math.floor(rand() * 100)), hasExclusions: false };
      const events = randomUnit(rand, steps, 30, false);
      const { codes, seen } = codesOf(events);
      const fast = windowFunnelLevel(codes.slice(), codes.length, steps, s.windowSeconds, new Float64Array(steps));
      expect(createFunnelMachine(s).level(codes, codes.length, seen, new Float64Array(steps))).toBe(fast);
    }
  });

  for (const [order, brute] of [
    ['sequential', bruteSequential],
    ['strict', bruteStrict],
    ['any', bruteAny],
  ] as const) {
    it(`${order}: windows, step windows, exclusions on 2000 random units`, () => {
      const rand = random(order.length * 101);
      const seenLevels = new Set<number>();
      for (let n = 0; n < 2000; n++) {
        const steps = 2 + Math.floor(rand() * 3);
        const stepWindows = order === 'any' ? [] : Array.from({ length: steps }, (_, k) => (k > 0 && rand() < 0.5 ? Math.floor(rand() * 50) : null));
        const s = spec(order, steps, 5 + Math.floor(rand() * 80), stepWindows);
        const events = randomUnit(rand, steps, order === 'any' ? 9 : 14, true);
        const got = level(s, events);
        seenLevels.add(got);
        if (got !== brute(s, events)) throw new Error(`${order} ${JSON.stringify({ events, s: { ...s, stepWindows: [...s.stepWindows] } })}: got ${got}, want ${brute(s, events)}`);
      }
      expect(seenLevels.size).toBeGreaterThan(2);
    });
  }
});
