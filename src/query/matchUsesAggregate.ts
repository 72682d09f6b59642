import type { Match } from '../schema/match.ts';

/**
 * Whether `match` (or a match nested in it) has an `aggregate`, whose SQL uses window functions:
 * the funnel engine must then evaluate the step mask over all of the scope's events, with a
 * `session_key` column, before filtering (see buildStepMaskSql).
 */
export function matchUsesAggregate(match: Match): boolean {
  if (match.aggregate !== undefined) return true;
  const nested = [...(match.all ?? []), ...(match.any ?? []), ...(match.not ? [match.not] : [])];
  return nested.some(matchUsesAggregate);
}
