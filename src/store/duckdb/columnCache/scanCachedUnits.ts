/**
 * The cache's counterpart of funnelScan.ts: per visitor, the codes (funnelCodes.ts) of its events in
 * the range whose shape matches a step or an exclusion, gathered from the compact block and the
 * later events. Visitors with no step-matching event are skipped, as the SQL path drops them.
 */
import { STEP_BITS, STEP_CODE_SCALE } from '../../../query/funnelCodes.ts';
import type { SiteColumns } from './SiteColumns.ts';

export interface CachedUnitRow {
  visitor: number;
  codes: Float64Array;
  length: number;
  /** OR of the step bits. */
  seen: number;
}

/** `codeOf[shape]` gives each shape's step bits | exclusion bit (shapeStepCodes.ts); visitors [first, end). */
export function scanCachedUnits(
  columns: SiteColumns,
  codeOf: Int32Array,
  range: { from?: number; to?: number },
  onRow: (row: CachedUnitRow) => void,
  firstVisitor = 0,
  endVisitor = columns.visitors.length,
  row: CachedUnitRow = { visitor: 0, codes: new Float64Array(256), length: 0, seen: 0 },
): void {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const ranged = range.from !== undefined || range.to !== undefined;
  const { offsets, sec, msr, shape, deltaHead, deltaNext, deltaSec, deltaMsr, deltaShape } = columns;
  const mainVisitors = offsets.length - 1;
  let codes = row.codes;
  for (let v = firstVisitor; v < endVisitor; v++) {
    let length = 0;
    let seen = 0;
    if (v < mainVisitors) {
      const end = offsets[v + 1] ?? 0;
      for (let j = offsets[v] ?? 0; j < end; j++) {
        const code = codeOf[shape[j] ?? 0] ?? 0;
        if (code === 0) continue;
        const s = sec[j] ?? 0;
        if (ranged) {
          const ms = s * 1000 + (msr[j] ?? 0);
          if (ms < from || ms >= to) continue;
        }
        if (length === codes.length) codes = row.codes = grow(codes);
        codes[length++] = s * STEP_CODE_SCALE + code;
        seen |= code & STEP_BITS;
      }
    }
    for (let d = deltaHead[v] ?? -1; d >= 0; d = deltaNext[d] ?? -1) {
      const code = codeOf[deltaShape[d] ?? 0] ?? 0;
      if (code === 0) continue;
      const s = deltaSec[d] ?? 0;
      if (ranged) {
        const ms = s * 1000 + (deltaMsr[d] ?? 0);
        if (ms < from || ms >= to) continue;
      }
      if (length === codes.length) codes = row.codes = grow(codes);
      codes[length++] = s * STEP_CODE_SCALE + code;
      seen |= code & STEP_BITS;
    }
    if (seen === 0) continue;
    row.visitor = v;
    row.length = length;
    row.seen = seen;
    onRow(row);
  }
}

function grow(codes: Float64Array): Float64Array {
  const bigger = new Float64Array(codes.length * 2);
  bigger.set(codes);
  return bigger;
}

/**
 * The shape of the step-0 event in `second` within the range that gives the breakdown value: the
 * earliest by ms, then the smallest value (funnelScan.ts's rule for the SQL path); -1 when none.
 * `rank[shape]` orders shapes by their value (equal values, equal rank).
 */
export function firstStepShape(
  columns: SiteColumns,
  codeOf: Int32Array,
  rank: Int32Array,
  visitor: number,
  second: number,
  from: number,
  to: number,
): number {
  let bestMs = Infinity;
  let best = -1;
  const { offsets, sec, msr, shape } = columns;
  if (visitor < offsets.length - 1) {
    const end = offsets[visitor + 1] ?? 0;
    for (let j = offsets[visitor] ?? 0; j < end; j++) {
      if (sec[j] !== second) continue;
      const sh = shape[j] ?? 0;
      if (((codeOf[sh] ?? 0) & 1) === 0) continue;
      const ms = second * 1000 + (msr[j] ?? 0);
      if (ms < from || ms >= to) continue;
      if (ms < bestMs || (ms === bestMs && (rank[sh] ?? 0) < (rank[best] ?? 0))) {
        bestMs = ms;
        best = sh;
      }
    }
  }
  const { deltaHead, deltaNext, deltaSec, deltaMsr, deltaShape } = columns;
  for (let d = deltaHead[visitor] ?? -1; d >= 0; d = deltaNext[d] ?? -1) {
    if (deltaSec[d] !== second) continue;
    const sh = deltaShape[d] ?? 0;
    if (((codeOf[sh] ?? 0) & 1) === 0) continue;
    const ms = second * 1000 + (deltaMsr[d] ?? 0);
    if (ms < from || ms >= to) continue;
    if (ms < bestMs || (ms === bestMs && (rank[sh] ?? 0) < (rank[best] ?? 0))) {
      bestMs = ms;
      best = sh;
    }
  }
  return best;
}

/** Rank of each shape by `value` (JS string order, as funnelScan.ts compares), ties equal. */
export function rankShapes(count: number, value: (shape: number) => string): Int32Array {
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const rank = new Int32Array(count);
  let r = 0;
  order.forEach((shape, i) => {
    if (i > 0 && value(shape) !== value(order[i - 1] ?? 0)) r++;
    rank[shape] = r;
  });
  return rank;
}
