import { propNameSchema } from '../schema/match.ts';

/**
 * `name`, re-checked against propNameSchema before it reaches SQL: property and item names become
 * JSON paths (DuckDB) and literals in the SQL text (ClickHouse 18.16's visitParam*), and a Match
 * built in code skips midgoal.yaml's schema. The alphabet (letters, digits, _ . -) needs no quoting.
 */
export function matchPropName(name: string): string {
  const parsed = propNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new Error(
      `property name ${JSON.stringify(name)} is not allowed: use letters, digits, _ . - and start with a letter or _`,
    );
  }
  return parsed.data;
}
