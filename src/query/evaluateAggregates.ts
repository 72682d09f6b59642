/**
 * The JS half of aggregate steps on ClickHouse (aggregateAtoms.ts): one visitor's events (all of
 * the range) → the code lists funnelUnitsFromLists.ts reads, with each event's step bits worked
 * out from its atom mask and the aggregates' running totals — the semantics of aggregateSql.ts:
 * per visitor, or per session (sessionizeEventsSql.ts: the session id, else the visitor's id-less
 * events cut at gaps of more than 30 minutes in whole seconds), in time order, each event seeing
 * the totals over the events up to and including its millisecond.
 */
import type { AtomPlan, MatchTree } from './aggregateAtoms.ts';
import { EXCLUSION_BIT, STEP_CODE_SCALE } from './funnelCodes.ts';
import type { FunnelListRow } from './funnelUnitsFromLists.ts';
import { SESSION_GAP_SECONDS } from './sessionizeEventsSql.ts';

/** One visitor as ClickHouse sends it (buildAggregateListsSql). */
export interface AggregateListRow {
  visitor: string;
  t: ReadonlyArray<number | string>;
  ss: readonly string[];
  a: ReadonlyArray<number | string>;
  /** Per event, the aggregates' values (text; numbers for sums are parsed here). */
  v?: ReadonlyArray<ReadonlyArray<string | null>>;
  /** With a breakdown: per event [dimension value], or [path] for the landing page. */
  b?: ReadonlyArray<readonly [string | null]>;
  p?: ReadonlyArray<readonly [string | null]>;
  /** visitorType: the visitor's first event on the site (ms). */
  first_ms?: number | string;
}

/** The rows the list path expects for this visitor: one per visitor, or per session for session units. */
export function aggregateRowsToLists(row: AggregateListRow, plan: AtomPlan, sessionUnit: boolean): FunnelListRow[] {
  const n = row.t.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => Number(row.t[x]) - Number(row.t[y]) || x - y);
  const ms = order.map((i) => Number(row.t[i]));
  const session = order.map((i) => row.ss[i] ?? '');
  const mask = order.map((i) => Number(row.a[i]));
  const values = order.map((i) => row.v?.[i] ?? []);
  const dimension = order.map((i) => row.b?.[i]?.[0] ?? null);
  const paths = order.map((i) => row.p?.[i]?.[0] ?? null);
  const keys = sessionKeys(ms, session);
  const holds = plan.aggregates.map((agg) => runningTotals(agg, ms, agg.scope === 'session' ? keys : null, mask, values));

  const evalTree = (tree: MatchTree, e: number): boolean => {
    switch (tree.kind) {
      case 'atom':
        return Math.floor(mask[e]! / 2 ** tree.bit) % 2 === 1;
      case 'aggregate':
        return holds[tree.index]![e] === 1;
      case 'and':
        return tree.parts.every((p) => evalTree(p, e));
      case 'or':
        return tree.parts.some((p) => evalTree(p, e));
      case 'not':
        return !evalTree(tree.part, e);
    }
  };
  const codes = ms.map((t, e) => {
    let bits = 0;
    plan.steps.forEach((tree, k) => {
      if (evalTree(tree, e)) bits += 2 ** k;
    });
    if (plan.exclusions.some((tree) => evalTree(tree, e))) bits += EXCLUSION_BIT;
    return Math.floor(t / 1000) * STEP_CODE_SCALE + bits;
  });
  const relevant = (e: number): boolean => codes[e]! % STEP_CODE_SCALE !== 0;
  // The groups funnelClickHouseListsSql.ts makes: the visitor, or per session id (id-less events
  // together); codes of the matching events (of every id-less one), breakdown inputs over all.
  const groups = new Map<string, number[]>();
  ms.forEach((_, e) => {
    const key = sessionUnit ? session[e]! : '';
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  });
  return [...groups].map(([s, events]) => {
    const out: FunnelListRow = {
      visitor: row.visitor,
      codes: events.filter((e) => relevant(e) || (sessionUnit && s === '')).map((e) => codes[e]!),
    };
    if (sessionUnit) out.session = s;
    if (row.b) {
      const firsts = events.filter((e) => codes[e]! % 2 === 1);
      out.fms = firsts.map((e) => ms[e]!);
      out.fv = firsts.map((e) => [dimension[e] ?? null] as const);
    }
    if (row.p) {
      const withPath = events.filter((e) => paths[e] !== null);
      out.lms = withPath.map((e) => ms[e]!);
      out.lp = withPath.map((e) => paths[e]!);
    }
    if (row.first_ms !== undefined) out.first_ms = row.first_ms;
    return out;
  });
}

/**
 * aggregateSql.ts's `round(sum, 6) >= gte`: rounded because the two engines add doubles in
 * different orders (DuckDB's window sums are not left to right), and NaN compares as the greatest
 * value, as in DuckDB.
 */
export function sumReaches(sum: number, gte: number): boolean {
  return Number.isNaN(sum) || Math.round(sum * 1e6) / 1e6 >= gte;
}

/** A Float64 as ClickHouse's toString writes it ('inf', '-inf' and 'nan' included). */
function parseClickHouseNumber(text: string): number {
  if (text === 'inf' || text === '+inf') return Infinity;
  if (text === '-inf') return -Infinity;
  if (text === 'nan' || text === '-nan') return Number.NaN;
  return Number(text);
}

/** session_key per event (events sorted by time): 's:' + id, or 't:' + the first second of its gap-cut session. */
function sessionKeys(ms: readonly number[], session: readonly string[]): string[] {
  let previous: number | null = null;
  let start = 0;
  return ms.map((t, e) => {
    const s = session[e]!;
    if (s !== '') return `s:${s}`;
    const sec = Math.floor(t / 1000);
    if (previous === null || sec - previous > SESSION_GAP_SECONDS) start = sec;
    previous = sec;
    return `t:${start}`;
  });
}

/** 1 where the aggregate holds on the event, per event (sorted by time). */
function runningTotals(
  agg: AtomPlan['aggregates'][number],
  ms: readonly number[],
  keys: readonly string[] | null,
  mask: readonly number[],
  values: ReadonlyArray<ReadonlyArray<string | null>>,
): Uint8Array {
  const out = new Uint8Array(ms.length);
  const partitions = new Map<string, number[]>();
  ms.forEach((_, e) => {
    const key = keys ? keys[e]! : '';
    const list = partitions.get(key);
    if (list) list.push(e);
    else partitions.set(key, [e]);
  });
  for (const events of partitions.values()) {
    let count = 0;
    let sum = 0;
    let summed = false;
    const distinct = new Set<string>();
    for (let i = 0; i < events.length; ) {
      // Equal milliseconds enter the totals together (RANGE … CURRENT ROW).
      let j = i;
      while (j < events.length && ms[events[j]!] === ms[events[i]!]) j++;
      for (let k = i; k < j; k++) {
        const e = events[k]!;
        if (Math.floor(mask[e]! / 2 ** agg.bit) % 2 !== 1) continue;
        const value = agg.value === null ? null : (values[e]?.[agg.value] ?? null);
        if (agg.type === 'count') count += 1;
        else if (value !== null && agg.type === 'distinct') distinct.add(value);
        else if (value !== null && agg.type === 'sum') {
          sum += parseClickHouseNumber(value);
          summed = true;
        }
      }
      const holds =
        agg.type === 'count' ? count >= agg.gte : agg.type === 'distinct' ? distinct.size >= agg.gte : summed && sumReaches(sum, agg.gte);
      for (let k = i; k < j; k++) out[events[k]!] = holds ? 1 : 0;
      i = j;
    }
  }
  return out;
}
