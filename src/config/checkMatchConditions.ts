/**
 * Conditions no event can satisfy, which the schema cannot see because they span several fields:
 * `gt: 10` with `lt: 5` on one property, `eq: a` with `eq: b` or `neq: a`, `in` lists with no value
 * in common, `exists: false` next to any other test of that property, two `event` (or `channel`,
 * `device`) lists with no name in common. Conditions count together when they are ANDed: the parts
 * of one match and, through `all:`, of its entries. Such a definition is almost always a typo
 * (a swapped bound, a wrong name) and would silently count zero, so loading stops with the
 * field's file:line instead. Runs on the user's config after the schema check.
 */
import type { Config } from '../schema/config.ts';
import type { Match, PropCondition, Scalar } from '../schema/match.ts';
import { formatFieldPath } from './formatFieldPath.ts';
import type { FieldIssue } from './validateShape.ts';

type Path = readonly PropertyKey[];

/** One ANDed requirement on a column or property, with where it is written. */
type Fact =
  | { kind: 'oneOf'; column: 'event' | 'channel' | 'device'; values: readonly string[]; path: Path }
  | { kind: 'values'; prop: string; values: readonly Scalar[]; path: Path; words: string }
  | { kind: 'neq'; prop: string; value: Scalar; path: Path }
  | { kind: 'bound'; prop: string; side: 'lower' | 'upper'; value: number; strict: boolean; path: Path }
  | { kind: 'exists'; prop: string; present: boolean; path: Path }
  | { kind: 'other'; prop: string; path: Path };
type ListFact = Extract<Fact, { kind: 'oneOf' }>;
type PropFact = Exclude<Fact, ListFact>;
type Bound = Extract<Fact, { kind: 'bound' }>;

const where = (f: { path: Path }): string => formatFieldPath(f.path);

export function checkMatchConditions(config: Config): FieldIssue[] {
  const issues = new Map<string, FieldIssue>();
  config.microConversions.forEach((mc, i) => {
    visit(mc.match, ['microConversions', i, 'match'], (issue) => {
      issues.set(`${JSON.stringify(issue.path.map(String))} ${issue.message}`, issue);
    });
  });
  return [...issues.values()];
}

/** Checks `match` and every match nested in it, each with the facts ANDed at that point. */
function visit(match: Match, path: Path, report: (issue: FieldIssue) => void): void {
  for (const issue of conflicts(factsOf(match, path))) report(issue);
  match.all?.forEach((m, i) => visit(m, [...path, 'all', i], report));
  match.any?.forEach((m, i) => visit(m, [...path, 'any', i], report));
  if (match.not) visit(match.not, [...path, 'not'], report);
  const agg = match.aggregate;
  if (agg?.count) visit(agg.count, [...path, 'aggregate', 'count'], report);
  if (agg?.of) visit(agg.of, [...path, 'aggregate', 'of'], report);
}

/** The facts that must all hold for `match`: its own parts plus those of its `all` entries. */
function factsOf(match: Match, path: Path): Fact[] {
  const facts: Fact[] = [];
  for (const column of ['event', 'channel', 'device'] as const) {
    const v = match[column];
    if (v !== undefined) facts.push({ kind: 'oneOf', column, values: typeof v === 'string' ? [v] : v, path: [...path, column] });
  }
  for (const [prop, condition] of Object.entries(match.props ?? {})) {
    facts.push(...propFacts(prop, condition, [...path, 'props', prop]));
  }
  match.all?.forEach((m, i) => facts.push(...factsOf(m, [...path, 'all', i])));
  return facts;
}

function propFacts(prop: string, c: PropCondition, path: Path): Fact[] {
  if (typeof c !== 'object') return [{ kind: 'values', prop, values: [c], path, words: show(c) }];
  const at = (op: string): Path => [...path, op];
  const facts: Fact[] = [];
  if (c.eq !== undefined) facts.push({ kind: 'values', prop, values: [c.eq], path: at('eq'), words: show(c.eq) });
  if (c.in !== undefined) facts.push({ kind: 'values', prop, values: c.in, path: at('in'), words: describeList(c.in) });
  if (c.neq !== undefined) facts.push({ kind: 'neq', prop, value: c.neq, path: at('neq') });
  if (c.gt !== undefined) facts.push({ kind: 'bound', prop, side: 'lower', value: c.gt, strict: true, path: at('gt') });
  if (c.gte !== undefined) facts.push({ kind: 'bound', prop, side: 'lower', value: c.gte, strict: false, path: at('gte') });
  if (c.lt !== undefined) facts.push({ kind: 'bound', prop, side: 'upper', value: c.lt, strict: true, path: at('lt') });
  if (c.lte !== undefined) facts.push({ kind: 'bound', prop, side: 'upper', value: c.lte, strict: false, path: at('lte') });
  if (c.exists !== undefined) facts.push({ kind: 'exists', prop, present: c.exists, path: at('exists') });
  if (c.contains !== undefined) facts.push({ kind: 'other', prop, path: at('contains') });
  if (c.regex !== undefined) facts.push({ kind: 'other', prop, path: at('regex') });
  return facts;
}

function conflicts(facts: readonly Fact[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const column of ['event', 'channel', 'device'] as const) {
    const [first, ...rest] = facts.filter((f): f is ListFact => f.kind === 'oneOf' && f.column === column);
    let left = new Set(first?.values ?? []);
    for (const f of rest) {
      left = new Set(f.values.filter((v) => left.has(v)));
      if (first && left.size === 0) {
        const why = `${column} must be ${describeList(f.values)} here but ${describeList(first.values)} at ${where(first)}`;
        issues.push(impossible(f.path, why));
        break;
      }
    }
  }
  const onProps = facts.filter((f): f is PropFact => f.kind !== 'oneOf');
  for (const prop of new Set(onProps.map((f) => f.prop))) {
    const issue = propConflict(prop, onProps.filter((f) => f.prop === prop));
    if (issue) issues.push(issue);
  }
  return issues;
}

/** The first contradiction among one property's facts, reported at the fact that completes it. */
function propConflict(prop: string, facts: readonly PropFact[]): FieldIssue | undefined {
  const isAbsent = (f: PropFact) => f.kind === 'exists' && !f.present;
  const absent = facts.find(isAbsent);
  const other = facts.find((f) => !isAbsent(f));
  if (absent && other) {
    return impossible(absent.path, `${prop} must be absent (exists: false) here, but ${where(other)} tests its value`);
  }

  let lower: Bound | undefined;
  let upper: Bound | undefined;
  // The values eq / in still allow, and the first fact that named them.
  let candidates: { values: Scalar[]; from: Extract<Fact, { kind: 'values' }> } | undefined;
  for (const f of facts) {
    if (f.kind === 'bound') {
      if (f.side === 'lower' && (!lower || f.value > lower.value || (f.value === lower.value && f.strict))) lower = f;
      if (f.side === 'upper' && (!upper || f.value < upper.value || (f.value === upper.value && f.strict))) upper = f;
      if (lower && upper && crossed(lower, upper)) {
        const other = lower === f ? upper : lower;
        return impossible(f.path, `${prop} must be ${boundWords(f)} here and ${boundWords(other)} at ${where(other)}`);
      }
    }
    if (f.kind === 'values') {
      if (candidates === undefined) candidates = { values: [...f.values], from: f };
      else {
        const values = candidates.values.filter((a) => f.values.some((b) => mayEqual(a, b)));
        if (values.length === 0) {
          return impossible(f.path, `${prop} must be ${f.words} here and ${candidates.from.words} at ${where(candidates.from)}`);
        }
        candidates.values = values;
      }
    }
  }
  if (candidates) {
    for (const f of facts) {
      const before = candidates.values;
      if (f.kind === 'neq') candidates.values = before.filter((v) => !sameValue(v, f.value));
      if (f.kind === 'bound') candidates.values = before.filter((v) => withinBound(v, f));
      if (candidates.values.length === 0) {
        const rule = f.kind === 'neq' ? `≠ ${show(f.value)}` : f.kind === 'bound' ? boundWords(f) : '';
        return impossible(f.path, `${prop} must be ${rule} here but ${candidates.from.words} at ${where(candidates.from)}`);
      }
    }
  }
  return undefined;
}

/** No number is both above `lower` and below `upper`. */
function crossed(lower: Bound, upper: Bound): boolean {
  return lower.value > upper.value || (lower.value === upper.value && (lower.strict || upper.strict));
}

function impossible(path: Path, why: string): FieldIssue {
  return { path: [...path], message: `impossible condition: ${why}, so no event can ever match; fix or remove one of them` };
}

/** Could one property value satisfy both `eq: a` and `eq: b`? Numbers compare as doubles with numeric text. */
function mayEqual(a: Scalar, b: Scalar): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'number') return asNumber(b) === a;
  if (typeof b === 'number') return asNumber(a) === b;
  return String(a) === String(b);
}

/** `eq: a` makes `neq: b` false for sure only when they are the same value of the same kind. */
function sameValue(a: Scalar, b: Scalar): boolean {
  return typeof a === typeof b ? a === b : typeof a !== 'number' && typeof b !== 'number' && String(a) === String(b);
}

function withinBound(v: Scalar, bound: Bound): boolean {
  const n = typeof v === 'number' ? v : asNumber(v);
  if (n === undefined) return false;
  if (bound.side === 'lower') return bound.strict ? n > bound.value : n >= bound.value;
  return bound.strict ? n < bound.value : n <= bound.value;
}

function asNumber(v: Scalar): number | undefined {
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function boundWords(b: Bound): string {
  return `${b.side === 'lower' ? (b.strict ? '>' : '≥') : b.strict ? '<' : '≤'} ${b.value}`;
}

function show(v: Scalar): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function describeList(values: readonly Scalar[]): string {
  return values.length === 1 ? show(values[0] ?? '') : `one of ${values.map(show).join(', ')}`;
}
