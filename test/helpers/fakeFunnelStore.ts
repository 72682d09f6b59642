/**
 * An EventStore for analysis tests: `funnelUnits` calls onUnit over a fixed list of hand-made
 * units, `funnelCounts` counts the same list, both keeping units whose first step falls in the
 * query's from…to. Queries are recorded so tests can check what was asked.
 */
import type { EventStore, FunnelQuery, FunnelUnit } from '../../src/store/EventStore.ts';

export interface FakeFunnelStore extends EventStore {
  queries: FunnelQuery[];
  /** Which method each query went to, in order. */
  calls: ('funnelCounts' | 'funnelUnits')[];
}

/** A unit from ISO times (null = step not reached); level = number of leading times given. */
export function unit(id: string, times: (string | null)[], breakdown: string | null = null, level?: number): FunnelUnit {
  const reachedAt = Float64Array.from(times, (t) => (t === null ? NaN : Date.parse(t) / 1000));
  const reached = times.findIndex((t) => t === null);
  return { id, level: level ?? (reached < 0 ? times.length : reached), reachedAt, breakdown };
}

export function fakeFunnelStore(units: readonly FunnelUnit[]): FakeFunnelStore {
  const queries: FunnelQuery[] = [];
  const calls: FakeFunnelStore['calls'] = [];
  const inRange = (q: FunnelQuery, u: FunnelUnit): boolean => {
    const first = (u.reachedAt[0] ?? NaN) * 1000;
    if (Number.isNaN(first)) return q.from === undefined && q.to === undefined;
    return (q.from === undefined || first >= q.from) && (q.to === undefined || first < q.to);
  };
  return {
    dialect: 'duckdb',
    queries,
    calls,
    append: async () => undefined,
    appliedSeq: async () => 0,
    countEvents: async () => 0,
    deleteSiteEvents: async () => undefined,
    migrate: async () => [],
    close: async () => undefined,
    funnelCounts: async (q) => {
      queries.push(q);
      calls.push('funnelCounts');
      const counts = new Array<number>(q.steps.length).fill(0);
      for (const u of units) if (inRange(q, u)) for (let k = 0; k < u.level; k++) counts[k] = (counts[k] ?? 0) + 1;
      return counts;
    },
    funnelUnits: async (q, onUnit) => {
      queries.push(q);
      calls.push('funnelUnits');
      // One shared buffer, as a real store may reuse it: accumulators must copy what they keep.
      const buffer = new Float64Array(q.steps.length);
      for (const u of units) {
        if (!inRange(q, u)) continue;
        buffer.set(u.reachedAt);
        onUnit({ ...u, reachedAt: buffer, breakdown: q.breakdown ? u.breakdown : null });
      }
    },
  };
}
