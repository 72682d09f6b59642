/**
 * Checks a parsed midgoal.yaml against the zod schema and turns zod's issues into one message per
 * field, each with the field's path, so the caller can attach file:line:col.
 */
import { z } from 'zod';
import { configSchema } from '../schema/config.ts';
import type { Config } from '../schema/config.ts';
import { closestName } from './closestName.ts';
import { describeExpected, describeValue, friendlyIssueMessage } from './friendlyIssueMessage.ts';

export interface FieldIssue {
  path: PropertyKey[];
  message: string;
}

export type ShapeResult = { ok: true; config: Config } | { ok: false; issues: FieldIssue[] };

export function validateShape(raw: unknown): ShapeResult {
  // zod reports unknown keys without the names that would have been right; the error map sees the
  // object schema, so remember its fields per offending input object.
  const knownFields = new WeakMap<object, string[]>();
  const result = configSchema.safeParse(raw, {
    reportInput: true,
    error: (iss) => {
      if (iss.code === 'unrecognized_keys' && iss.inst instanceof z.ZodObject && isObject(iss.input)) {
        knownFields.set(iss.input, Object.keys(iss.inst.shape));
      }
      return friendlyIssueMessage(iss);
    },
  });
  if (result.success) return { ok: true, config: result.data };

  const issues = result.error.issues.flatMap((iss) => flatten(iss, [], knownFields));
  return { ok: false, issues: mergeSamePath(issues) };
}

function flatten(iss: z.core.$ZodIssue, base: PropertyKey[], known: WeakMap<object, string[]>): FieldIssue[] {
  const path = [...base, ...iss.path];
  switch (iss.code) {
    case 'unrecognized_keys': {
      const fields = isObject(iss.input) ? (known.get(iss.input) ?? []) : [];
      return iss.keys.map((key) => {
        const guess = closestName(key, fields);
        const didYouMean = guess === undefined ? '' : `did you mean "${guess}"? `;
        const list = fields.length > 0 ? `fields allowed here: ${fields.join(', ')}` : 'remove it';
        return { path: [...path, key], message: `unknown field; ${didYouMean}${list}` };
      });
    }
    case 'invalid_union': {
      // A branch that failed only because the value has another type says nothing useful; a
      // branch that got further (right type, wrong content) explains the real mistake.
      const closer = iss.errors.find((branch) => !branch.every(isTypeMismatch));
      if (closer !== undefined) return closer.flatMap((b) => flatten(b, path, known));
      const expected = [...new Set(iss.errors.flatMap((branch) => branch.flatMap(expectedTypes)))];
      return [{ path, message: `expected ${joinOr(expected.map(describeExpected))}, got ${describeValue(iss.input)}` }];
    }
    case 'invalid_key':
      return [{ path, message: iss.issues.map((i) => i.message).join('; ') }];
    default:
      return [{ path, message: iss.message }];
  }
}

function isTypeMismatch(iss: z.core.$ZodIssue): boolean {
  if (iss.path.length > 0) return false;
  if (iss.code === 'invalid_type') return true;
  return iss.code === 'invalid_union' && iss.errors.every((branch) => branch.every(isTypeMismatch));
}

function expectedTypes(iss: z.core.$ZodIssue): string[] {
  if (iss.code === 'invalid_type') return [iss.expected];
  if (iss.code === 'invalid_union') return iss.errors.flatMap((branch) => branch.flatMap(expectedTypes));
  return [];
}

function joinOr(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'something else';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** An empty id breaks both "not empty" and the id pattern: say both on one line. */
function mergeSamePath(issues: FieldIssue[]): FieldIssue[] {
  const byPath = new Map<string, FieldIssue>();
  for (const iss of issues) {
    const key = JSON.stringify(iss.path.map(String));
    const seen = byPath.get(key);
    if (seen === undefined) byPath.set(key, { path: iss.path, message: iss.message });
    else if (!seen.message.includes(iss.message)) seen.message += `; ${iss.message}`;
  }
  return [...byPath.values()];
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}
