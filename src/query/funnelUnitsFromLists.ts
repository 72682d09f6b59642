/**
 * The JS half of the ClickHouse list path (funnelClickHouseListsSql.ts): per-visitor code lists →
 * FunnelUnits, with the same machines, the same session rule and the same breakdown rules as the
 * DuckDB path (funnelScan.ts FunnelScanRow.breakdown).
 */
import type { FunnelQuery, FunnelUnit } from '../store/EventStore.ts';
import { STEP_BITS, STEP_CODE_SCALE, sortCodes } from './funnelCodes.ts';
import { createFunnelMachine } from './funnelMachine.ts';
import { checkFunnelQuery } from './funnelQuerySchema.ts';
import { sessionizeCodes } from './sessionizeCodes.ts';

/** ClickHouse sends UInt64 quoted in JSON. */
type Num = number | string;

export interface FunnelListRow {
  visitor: string;
  /** The raw session column (session unit only). */
  session?: string;
  codes: ReadonlyArray<Num>;
  /** Step-0 events' ms and [dimension value] (column and property breakdowns). */
  fms?: ReadonlyArray<Num>;
  fv?: ReadonlyArray<readonly [string | null]>;
  /** ms and path of the unit's events that have a path (landing_page). */
  lms?: ReadonlyArray<Num>;
  lp?: ReadonlyArray<string>;
  /** The visitor's first event on the site, ms (visitorType); 0 when ClickHouse's join found none. */
  first_ms?: Num;
}

/** Calls `onUnit` per unit with at least one step-matching event. */
export function funnelUnitsFromLists(query: FunnelQuery, rows: Iterable<FunnelListRow>, onUnit: (unit: FunnelUnit) => void): void {
  const take = listRowReader(query, onUnit);
  for (const row of rows) take(row);
}

/** The same, one row at a time (for rows streamed in chunks): returns the function to feed them to. */
export function listRowReader(query: FunnelQuery, onUnit: (unit: FunnelUnit) => void): (row: FunnelListRow) => void {
  const checked = checkFunnelQuery(query);
  const machine = createFunnelMachine(checked.spec);
  const steps = checked.spec.stepCount;
  const breakdown = query.breakdown;
  let codes = new Float64Array(256);
  const emit = (row: FunnelListRow, id: string, part: Float64Array, length: number): void => {
    let seen = 0;
    for (let j = 0; j < length; j++) seen |= ((part[j] ?? 0) % STEP_CODE_SCALE) & STEP_BITS;
    if (seen === 0) return;
    const reachedAt = new Float64Array(steps);
    const level = machine.level(part, length, seen, reachedAt);
    let value: string | null = null;
    if (breakdown !== undefined) {
      const span = length === 0 ? null : [Math.floor((part[0] ?? 0) / STEP_CODE_SCALE), Math.floor((part[length - 1] ?? 0) / STEP_CODE_SCALE)] as const;
      value = breakdownOf(row, breakdown, level, reachedAt[0] ?? NaN, span);
    }
    onUnit({ id, level, reachedAt, breakdown: value });
  };
  return (row) => {
    const length = row.codes.length;
    if (codes.length < length) codes = new Float64Array(Math.max(length, codes.length * 2));
    for (let j = 0; j < length; j++) codes[j] = Number(row.codes[j]);
    if (checked.unit === 'visitor') {
      emit(row, row.visitor, codes, length);
    } else if (row.session !== undefined && row.session !== '') {
      emit(row, `${row.visitor}\u0000s:${row.session}`, codes, length);
    } else {
      sortCodes(codes, length);
      sessionizeCodes(codes, length, (begin, end) => {
        const sessionStart = Math.floor((codes[begin] ?? 0) / STEP_CODE_SCALE);
        emit(row, `${row.visitor}\u0000t:${sessionStart}`, codes.subarray(begin, end), end - begin);
      });
    }
  };
}

/**
 * The unit's breakdown value (EventStore.ts BreakdownDimension). `span` is the unit's first and
 * last second (sorted codes) — a session cut by inactivity owns only the landing candidates
 * inside it; with session ids or per visitor the row is the unit, and the span covers it all.
 */
function breakdownOf(
  row: FunnelListRow,
  breakdown: NonNullable<FunnelQuery['breakdown']>,
  level: number,
  firstSecond: number,
  span: readonly [number, number] | null,
): string | null {
  if ('column' in breakdown && breakdown.column === 'landing_page') {
    const times = row.lms ?? [];
    const paths = row.lp ?? [];
    const cut = row.session === '';
    let best: { ms: number; path: string } | null = null;
    for (let j = 0; j < times.length; j++) {
      const ms = Number(times[j]);
      const path = paths[j] ?? '';
      if (cut && span && (Math.floor(ms / 1000) < span[0] || Math.floor(ms / 1000) > span[1])) continue;
      if (!best || ms < best.ms || (ms === best.ms && path < best.path)) best = { ms, path };
    }
    return best?.path ?? null;
  }
  if (level < 1) return null;
  if ('visitorType' in breakdown) {
    const first = firstStepOf(row, firstSecond);
    if (!first || row.first_ms === undefined) return null;
    return Number(row.first_ms) < first.ms ? 'returning' : 'new';
  }
  return firstStepOf(row, firstSecond)?.value ?? null;
}

/** The step-0 event in `second`: the earliest by ms, then the smallest value (nulls last). */
function firstStepOf(row: FunnelListRow, second: number): { ms: number; value: string | null } | null {
  const times = row.fms ?? [];
  const values = row.fv ?? [];
  let best: { ms: number; value: string | null } | null = null;
  for (let j = 0; j < times.length; j++) {
    const ms = Number(times[j]);
    if (Math.floor(ms / 1000) !== second) continue;
    const value = values[j]?.[0] ?? null;
    if (!best || ms < best.ms || (ms === best.ms && value !== null && (best.value === null || value < best.value))) {
      best = { ms, value };
    }
  }
  return best;
}
