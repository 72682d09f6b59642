/**
 * One property condition (`cart_total: { gte: 10000 }`) → SQL, with the semantics in
 * buildMatchSql.ts. Every operator but `exists: false` needs the property to be present, so an
 * absent property makes the condition NULL or false, never true.
 */
import type { PropCondition, Scalar } from '../schema/match.ts';
import type { MatchDialect } from './matchDialect.ts';
import type { SqlFragment } from './SqlFragment.ts';
import { joinSql, param, sql } from './SqlFragment.ts';
import { matchRegexOrThrow } from './matchRegexOrThrow.ts';

export function matchPropSql(d: MatchDialect, name: string, condition: PropCondition): SqlFragment {
  if (typeof condition !== 'object') return eqSql(d, name, [condition]);
  const parts: SqlFragment[] = [];
  const text = () => d.propText(name);
  const num = () => d.propNumber(name);
  if (condition.eq !== undefined) parts.push(eqSql(d, name, [condition.eq]));
  if (condition.neq !== undefined) parts.push(sql`(${d.propPresent(name)} AND ${d.not(eqSql(d, name, [condition.neq]))})`);
  if (condition.in !== undefined) parts.push(eqSql(d, name, condition.in));
  if (condition.contains !== undefined) parts.push(d.contains(text(), condition.contains));
  if (condition.regex !== undefined) parts.push(d.regexFinds(text(), matchRegexOrThrow(condition.regex)));
  if (condition.gt !== undefined) parts.push(sql`${num()} > ${d.number(condition.gt)}`);
  if (condition.gte !== undefined) parts.push(sql`${num()} >= ${d.number(condition.gte)}`);
  if (condition.lt !== undefined) parts.push(sql`${num()} < ${d.number(condition.lt)}`);
  if (condition.lte !== undefined) parts.push(sql`${num()} <= ${d.number(condition.lte)}`);
  if (condition.exists !== undefined) parts.push(condition.exists ? d.propPresent(name) : d.not(d.propPresent(name)));
  if (parts.length === 0) throw new Error(`property ${name}: give at least one operator`);
  return joinSql(parts, ' AND ');
}

/** The property equals any of `values`: text for strings and booleans, doubles for numbers. */
function eqSql(d: MatchDialect, name: string, values: readonly Scalar[]): SqlFragment {
  const texts = values.filter((v) => typeof v !== 'number').map((v) => String(v));
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const parts: SqlFragment[] = [];
  if (texts.length > 0) parts.push(sql`${d.propText(name)} IN (${joinSql(texts.map(param), ', ')})`);
  if (numbers.length > 0) {
    parts.push(sql`${d.propNumber(name)} IN (${joinSql(numbers.map((n) => d.number(n)), ', ')})`);
  }
  return parts.length === 1 && parts[0] ? parts[0] : sql`(${joinSql(parts, ' OR ')})`;
}
