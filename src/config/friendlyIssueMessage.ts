/**
 * zod error map for midgoal.yaml: plain-language messages for zod's built-in checks. Messages the
 * schema states itself (`write a duration such as 30m…`) take precedence, so this only covers the
 * generic cases (wrong type, empty, too long).
 */
import type { z } from 'zod';

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (field: value)',
  record: 'a mapping (name: value)',
};

/** Name of what zod expected, in operator words. */
export function describeExpected(expected: string): string {
  return EXPECTED[expected] ?? expected;
}

/** What the file actually holds, briefly: `the number 7`, `text "yes"`, `an empty value`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `text "${value.slice(0, 40)}…"` : `text "${value}"`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

export function friendlyIssueMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'missing: this field is required';
      const hint = iss.expected === 'string' && typeof iss.input === 'number' ? ' (put it in quotes)' : '';
      return `expected ${describeExpected(iss.expected)}, got ${describeValue(iss.input)}${hint}`;
    }
    case 'too_small':
      if (iss.origin === 'string') return iss.minimum === 1 ? 'must not be empty' : `must be at least ${iss.minimum} characters`;
      if (iss.origin === 'array') return `needs at least ${iss.minimum} item${iss.minimum === 1 ? '' : 's'}`;
      return `must be at least ${iss.minimum}`;
    case 'too_big':
      if (iss.origin === 'string') return `must be at most ${iss.maximum} characters`;
      if (iss.origin === 'array') return `has room for at most ${iss.maximum} items`;
      return `must be at most ${iss.maximum}`;
    case 'invalid_format':
      return iss.pattern === undefined ? `must be a valid ${iss.format}` : `does not have the expected form ${iss.pattern}`;
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      // unrecognized_keys, invalid_union and invalid_key are rewritten with their context by
      // validateShape, which knows the field path and the known field names.
      return undefined;
  }
}
