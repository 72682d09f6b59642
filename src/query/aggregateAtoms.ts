/**
 * Aggregate conditions (`aggregate:` — "≥ 3 page views in the session", "≥ 2 categories viewed",
 * "sum of value ≥ 10,000") for ClickHouse 18.16, which has no window functions. Each step and
 * exclusion becomes a small boolean tree whose leaves are either an *atom* — a row condition
 * ClickHouse evaluates per event into one bit of a mask — or an *aggregate*, which
 * evaluateAggregates.ts computes in JS from the unit's events in time order with the exact
 * semantics of aggregateSql.ts (DuckDB's window functions): totals over the events up to and
 * including the event's millisecond, per visitor or per session, only events in the range.
 */
import type { Aggregate, Match, RowMatch } from '../schema/match.ts';
import { buildMatchSql } from './buildMatchSql.ts';
import { matchUsesAggregate } from './matchUsesAggregate.ts';
import { MATCH_DIALECTS } from './matchDialect.ts';
import { matchPropName } from './matchPropName.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { param, rawSql, sql } from './SqlFragment.ts';

/** A step's condition over one event. */
export type MatchTree =
  | { kind: 'atom'; bit: number }
  | { kind: 'aggregate'; index: number }
  | { kind: 'and' | 'or'; parts: MatchTree[] }
  | { kind: 'not'; part: MatchTree };

export interface AggregatePlan {
  scope: Aggregate['scope'];
  type: 'count' | 'distinct' | 'sum';
  /** The atom of the events it totals (`count`'s match, or `of`). */
  bit: number;
  /** For distinct and sum: the position of its value in the per-event value tuple. */
  value: number | null;
  gte: number;
}

export interface AtomPlan {
  /** One SQL boolean per bit (ClickHouse), NULL counting as false. */
  atoms: SqlFragment[];
  /** Per-event values the aggregates read: text for distinct, a number for sum (NULL when absent). */
  values: SqlFragment[];
  aggregates: AggregatePlan[];
  steps: MatchTree[];
  exclusions: MatchTree[];
}

/** The first object of a JSON array of flat objects: `[{…}` up to its closing brace, strings skipped. */
const FIRST_ITEM = String.raw`^\[(\{(?:[^{}"]|"(?:[^"\\]|\\.)*")*\})`;

/** Bits of a double that stay exact: the mask travels as a JSON number. */
const MAX_ATOMS = 52;
const ROW_KEYS = ['event', 'path', 'pathRegex', 'referrer', 'channel', 'device', 'props'] as const;

export function planAtoms(steps: readonly Match[], exclusions: readonly Match[]): AtomPlan {
  const plan: AtomPlan = { atoms: [], values: [], aggregates: [], steps: [], exclusions: [] };
  const atom = (fragment: SqlFragment): MatchTree => {
    if (plan.atoms.length >= MAX_ATOMS) {
      throw new Error(`a funnel with aggregate steps may use at most ${MAX_ATOMS} conditions on ClickHouse; split it`);
    }
    plan.atoms.push(fragment);
    return { kind: 'atom', bit: plan.atoms.length - 1 };
  };
  const rowAtom = (m: RowMatch): MatchTree => atom(buildMatchSql(m as Match, 'clickhouse'));
  const tree = (m: Match): MatchTree => {
    // Without an aggregate inside, the whole match is one row condition: one bit, however nested.
    if (!matchUsesAggregate(m)) return atom(buildMatchSql(m, 'clickhouse'));
    const parts: MatchTree[] = [];
    const row: Record<string, unknown> = {};
    for (const key of ROW_KEYS) if (m[key] !== undefined) row[key] = m[key];
    if (Object.keys(row).length > 0) parts.push(rowAtom(row as RowMatch));
    for (const nested of m.all ?? []) parts.push(tree(nested));
    if (m.any !== undefined) parts.push({ kind: 'or', parts: m.any.map(tree) });
    if (m.not !== undefined) parts.push({ kind: 'not', part: tree(m.not) });
    if (m.aggregate !== undefined) parts.push(aggregate(m.aggregate));
    if (parts.length === 0) throw new Error('a match needs at least one condition');
    return parts.length === 1 ? (parts[0] as MatchTree) : { kind: 'and', parts };
  };
  const aggregate = (a: Aggregate): MatchTree => {
    const d = MATCH_DIALECTS.clickhouse;
    let entry: AggregatePlan;
    if (a.count !== undefined) {
      entry = { scope: a.scope, type: 'count', bit: bitOf(rowAtom(a.count)), value: null, gte: a.gte };
    } else {
      if (a.of === undefined) throw new Error('aggregate: distinct and sum need `of` (which events)');
      const bit = bitOf(rowAtom(a.of));
      if (a.distinct !== undefined) {
        const source = a.distinct;
        const text =
          typeof source === 'string'
            ? rawSql(source === 'name' ? 'toNullable(name)' : 'path')
            : 'prop' in source
              ? d.propText(matchPropName(source.prop))
              : firstItemText(matchPropName(source.item));
        plan.values.push(sql`toNullable(toString(${text}))`);
        entry = { scope: a.scope, type: 'distinct', bit, value: plan.values.length - 1, gte: a.gte };
      } else if (a.sum !== undefined) {
        const number = a.sum === 'value' ? rawSql('value') : d.propNumber(matchPropName(a.sum.prop));
        plan.values.push(sql`toNullable(toString(${number}))`);
        entry = { scope: a.scope, type: 'sum', bit, value: plan.values.length - 1, gte: a.gte };
      } else {
        throw new Error('aggregate: give one of count, distinct, sum');
      }
    }
    plan.aggregates.push(entry);
    return { kind: 'aggregate', index: plan.aggregates.length - 1 };
  };
  plan.steps = steps.map(tree);
  plan.exclusions = exclusions.map(tree);
  return plan;
}

/**
 * A field of the event's first item as text, like DuckDB's json_extract_string(items, '$[0]."f"')
 * and the dialect's propText: 18.16 has no JSON paths, so FIRST_ITEM (a bound value) cuts the first
 * object out of the items text — items are flat objects; their strings may hold braces and escaped
 * quotes — and the visitParam functions read the key there. `name` has passed propNameSchema.
 */
function firstItemText(name: string): SqlFragment {
  const item = sql`extract(items, ${param(FIRST_ITEM)})`;
  const raw = sql`visitParamExtractRaw(${item}, ${rawSql(`'${name}'`)})`;
  return sql`multiIf(${raw} IN ('', 'null'), NULL, startsWith(${raw}, '"'), visitParamExtractString(${item}, ${rawSql(`'${name}'`)}), ${raw})`;
}

function bitOf(t: MatchTree): number {
  if (t.kind !== 'atom') throw new Error('internal: an aggregate counts events by one row condition');
  return t.bit;
}
