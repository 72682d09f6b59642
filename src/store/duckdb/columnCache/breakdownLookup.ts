/**
 * The breakdown value of a cached unit (channel or device of its counted attempt's first-step
 * event, see firstStepShape), as an index into the distinct values, so counting paths can tally
 * per value without strings or maps per visitor.
 */
import type { FunnelQuery } from '../../EventStore.ts';
import { firstStepShape, rankShapes } from './scanCachedUnits.ts';
import type { SiteColumns } from './SiteColumns.ts';

export interface BreakdownLookup {
  /** Distinct values, in first-seen shape order. */
  values: string[];
  /** Index into `values` per shape. */
  valueOfShape: Int32Array;
  /** Shapes ranked by value (rankShapes); empty without a breakdown. */
  rank: Int32Array;
  /** Index into `values` for the unit whose first step was at `second`; -1 when none (no breakdown, or no such event). */
  value(visitor: number, second: number): number;
}

export function breakdownLookup(columns: SiteColumns, codeOf: Int32Array, query: FunnelQuery): BreakdownLookup {
  const b = query.breakdown;
  const column = b !== undefined && 'column' in b && (b.column === 'channel' || b.column === 'device') ? b.column : null;
  if (column === null) return { values: [], valueOfShape: new Int32Array(0), rank: new Int32Array(0), value: () => -1 };
  const shapeValues = columns.shapes.map((s) => s[column]);
  const rank = rankShapes(shapeValues.length, (shape) => shapeValues[shape] ?? '');
  const values: string[] = [];
  const indexOf = new Map<string, number>();
  const valueOfShape = new Int32Array(shapeValues.length);
  shapeValues.forEach((v, shape) => {
    let i = indexOf.get(v);
    if (i === undefined) {
      i = values.length;
      values.push(v);
      indexOf.set(v, i);
    }
    valueOfShape[shape] = i;
  });
  const from = query.from ?? -Infinity;
  const to = query.to ?? Infinity;
  return {
    values,
    valueOfShape,
    rank,
    value(visitor, second) {
      const shape = firstStepShape(columns, codeOf, rank, visitor, second, from, to);
      return shape < 0 ? -1 : (valueOfShape[shape] ?? -1);
    },
  };
}
