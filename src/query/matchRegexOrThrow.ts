import { findRegexProblem } from '../config/findRegexProblem.ts';

/**
 * `pattern`, re-checked before it reaches SQL: a Match built in code skips midgoal.yaml's schema,
 * and a pattern RE2 cannot compile would otherwise fail the whole query inside the store.
 */
export function matchRegexOrThrow(pattern: string): string {
  const problem = findRegexProblem(pattern);
  if (problem !== undefined) throw new Error(`regular expression ${JSON.stringify(pattern)}: ${problem}`);
  return pattern;
}
