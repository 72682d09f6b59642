/**
 * The JS half of the ClickHouse list path (funnelClickHouseListsSql.ts): per-visitor code lists →
 * FunnelUnits, with the same machines and the same session rule as the DuckDB path.
 */
import type { FunnelQuery, FunnelUnit } from '../store/EventStore.ts';
import { STEP_BITS, STEP_CODE_SCALE, sortCodes } from './funnelCodes.ts';
import { createFunnelMachine } from './funnelMachine.ts';
import { checkFunnelQuery } from './funnelQuerySchema.ts';
import { sessionizeCodes } from './sessionizeCodes.ts';

export interface FunnelListRow {
  visitor: string;
  /** The raw session column (session unit only). */
  session?: string;
  /** Codes as ClickHouse sends them (UInt64 arrives quoted in JSON). */
  codes: ReadonlyArray<number | string>;
}

/** Calls `onUnit` per unit with at least one step-matching event (breakdowns: not on this path yet). */
export function funnelUnitsFromLists(query: FunnelQuery, rows: Iterable<FunnelListRow>, onUnit: (unit: FunnelUnit) => void): void {
  const checked = checkFunnelQuery(query);
  if (query.breakdown !== undefined) throw new Error('breakdowns are not available on the ClickHouse list path yet');
  const machine = createFunnelMachine(checked.spec);
  const steps = checked.spec.stepCount;
  let codes = new Float64Array(256);
  const emit = (id: string, part: Float64Array, length: number): void => {
    let seen = 0;
    for (let j = 0; j < length; j++) seen |= ((part[j] ?? 0) % STEP_CODE_SCALE) & STEP_BITS;
    if (seen === 0) return;
    const reachedAt = new Float64Array(steps);
    const level = machine.level(part, length, seen, reachedAt);
    onUnit({ id, level, reachedAt, breakdown: null });
  };
  for (const row of rows) {
    const length = row.codes.length;
    if (codes.length < length) codes = new Float64Array(Math.max(length, codes.length * 2));
    for (let j = 0; j < length; j++) codes[j] = Number(row.codes[j]);
    if (checked.unit === 'visitor') {
      emit(row.visitor, codes, length);
    } else if (row.session !== undefined && row.session !== '') {
      emit(`${row.visitor}\u0000s:${row.session}`, codes, length);
    } else {
      sortCodes(codes, length);
      sessionizeCodes(codes, length, (begin, end) => {
        const sessionStart = Math.floor((codes[begin] ?? 0) / STEP_CODE_SCALE);
        emit(`${row.visitor}\u0000t:${sessionStart}`, codes.subarray(begin, end), end - begin);
      });
    }
  }
}
