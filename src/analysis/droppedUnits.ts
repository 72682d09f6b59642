/**
 * The units that stopped at a step: they reached step `stepIndex` (0-based) and not the next one,
 * i.e. `level === stepIndex + 1`. The list behind "who left after adding to cart?" exports and
 * retargeting. Latest first (by the time they reached that step): the people still worth reaching.
 */
import type { FunnelUnit } from '../store/EventStore.ts';
import { foldUnits, type UnitAccumulator } from './UnitAccumulator.ts';

export interface DroppedUnit {
  /** Visitor id, or `visitor + '\u0000' + session` when counting sessions. */
  id: string;
  /** Epoch seconds at which the counted attempt reached steps 0 … stepIndex. */
  reachedAt: number[];
}

export interface DroppedUnits {
  /** Every unit that dropped there, even when `units` is cut to the limit. */
  total: number;
  units: DroppedUnit[];
}

export interface DroppedOptions {
  /** 0-based index of the last step reached; the funnel's last step is not allowed (nobody drops after it). */
  stepIndex: number;
  /** Keep only the latest `limit` units; all when omitted. */
  limit?: number;
}

/** Streaming form for EventStore.funnelUnits. With a limit, memory stays at about twice the limit. */
export function droppedAccumulator(options: DroppedOptions): UnitAccumulator<DroppedUnits> {
  const level = options.stepIndex + 1;
  const limit = options.limit ?? Infinity;
  let kept: DroppedUnit[] = [];
  let total = 0;
  const prune = (): void => {
    kept.sort(latestFirst);
    if (kept.length > limit) kept = kept.slice(0, limit);
  };
  return {
    add(unit) {
      if (unit.level !== level) return;
      total++;
      kept.push({ id: unit.id, reachedAt: Array.from(unit.reachedAt.subarray(0, level)) });
      if (kept.length >= 2 * limit) prune();
    },
    result() {
      prune();
      return { total, units: kept };
    },
  };
}

/** @example droppedUnits(units, { stepIndex: 1 }).units.map((u) => u.id) // reached step 2, not step 3 */
export function droppedUnits(units: Iterable<FunnelUnit>, options: DroppedOptions): DroppedUnits {
  return foldUnits(units, droppedAccumulator(options));
}

function latestFirst(a: DroppedUnit, b: DroppedUnit): number {
  const ta = a.reachedAt[a.reachedAt.length - 1] ?? 0;
  const tb = b.reachedAt[b.reachedAt.length - 1] ?? 0;
  return tb - ta || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Splits a session unit's id into visitor and session; a visitor unit's id is the visitor. */
export function splitUnitId(id: string, unit: 'visitor' | 'session'): { visitor: string; session: string | null } {
  const cut = unit === 'session' ? id.indexOf('\u0000') : -1;
  return cut < 0 ? { visitor: id, session: unit === 'session' ? '' : null } : { visitor: id.slice(0, cut), session: id.slice(cut + 1) };
}
