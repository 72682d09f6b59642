/**
 * Funnel counts per breakdown value or per first-step bucket, from the store's aggregate methods
 * when it has them (the funnel cache answers without one object per unit), else folded from
 * funnelUnits. Both forms give the same numbers; the fallback is also the reference in tests.
 */
import type { EventStore, FunnelQuery, FunnelUnit } from './EventStore.ts';

type UnitSource = Pick<EventStore, 'funnelUnits'>;
type GroupSource = UnitSource & Partial<Pick<EventStore, 'funnelBreakdownCounts' | 'funnelBucketCounts'>>;

/** Per breakdown value, result[k] = units whose level >= k + 1 (level-0 units left out). */
export function funnelBreakdownCounts(store: GroupSource, query: FunnelQuery): Promise<Map<string | null, number[]>> {
  if (store.funnelBreakdownCounts) return store.funnelBreakdownCounts(query);
  return breakdownCountsFromUnits(store, query);
}

/** Per `bucketOf(reachedAt[0])`, result[k] = units whose level >= k + 1 (level-0 units left out). */
export function funnelBucketCounts(
  store: GroupSource,
  query: FunnelQuery,
  bucketOf: (firstStepSeconds: number) => number,
): Promise<Map<number, number[]>> {
  if (store.funnelBucketCounts) return store.funnelBucketCounts(query, bucketOf);
  return bucketCountsFromUnits(store, query, bucketOf);
}

/** The reference form: one pass over funnelUnits. */
export async function breakdownCountsFromUnits(store: UnitSource, query: FunnelQuery): Promise<Map<string | null, number[]>> {
  const groups = new Map<string | null, number[]>();
  await store.funnelUnits(query, (unit: FunnelUnit) => addUnit(groups, unit.breakdown, unit.level, query.steps.length));
  return groups;
}

/** The reference form: one pass over funnelUnits. */
export async function bucketCountsFromUnits(
  store: UnitSource,
  query: FunnelQuery,
  bucketOf: (firstStepSeconds: number) => number,
): Promise<Map<number, number[]>> {
  const groups = new Map<number, number[]>();
  await store.funnelUnits(query, (unit: FunnelUnit) => {
    if (unit.level > 0) addUnit(groups, bucketOf(unit.reachedAt[0] ?? NaN), unit.level, query.steps.length);
  });
  return groups;
}

function addUnit<K>(groups: Map<K, number[]>, key: K, level: number, steps: number): void {
  if (level < 1) return;
  let counts = groups.get(key);
  if (!counts) {
    counts = new Array<number>(steps).fill(0);
    groups.set(key, counts);
  }
  for (let k = 0; k < level; k++) counts[k] = (counts[k] ?? 0) + 1;
}
