import type { FunnelUnit } from '../store/EventStore.ts';

/**
 * A report computed in one pass over EventStore.funnelUnits: units stream in (millions on a busy
 * shop), so each report keeps only what it needs instead of the whole list. `add` must not keep
 * `unit.reachedAt`: a store may reuse that buffer for the next unit.
 */
export interface UnitAccumulator<T> {
  add(unit: FunnelUnit): void;
  result(): T;
}

/** Feeds `units` to a fresh accumulator and returns its result (tests, small in-memory lists). */
export function foldUnits<T>(units: Iterable<FunnelUnit>, accumulator: UnitAccumulator<T>): T {
  for (const unit of units) accumulator.add(unit);
  return accumulator.result();
}
