import type { z } from 'zod';
import { wireEventSchema, type WireEvent } from '../schema/event.ts';
import type { FieldError } from './collectTypes.ts';

export type ValidatedEvent = { ok: true; event: WireEvent } | { ok: false; errors: FieldError[] };

const FIELDS = Object.keys(wireEventSchema.shape).join(', ');
const TS_MESSAGE =
  'must be milliseconds since the epoch (an integer) or an ISO 8601 date-time with a zone, such as 2025-05-01T09:30:00+09:00';
const SCALAR_MESSAGE = 'must be a string (at most 1024 characters), a finite number, true, false or null';

/** Checks one raw event against the wire format, turning zod issues into field paths. */
export function validateWireEvent(raw: unknown): ValidatedEvent {
  const result = wireEventSchema.safeParse(raw);
  if (result.success) return { ok: true, event: result.data };
  return { ok: false, errors: result.error.issues.flatMap(toFieldErrors) };
}

function toFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  const base = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      fieldError(joinPath(base, key), `is not an event field; the fields are ${FIELDS} (put custom data in "props")`),
    );
  }
  // zod's own words for these unions ("Invalid input", "Invalid ISO datetime") do not say what to send.
  if (base === 'ts') return [fieldError(base, TS_MESSAGE)];
  if (issue.code === 'invalid_union') return [fieldError(base, SCALAR_MESSAGE)];
  return [fieldError(base, issue.message)];
}

function fieldError(path: string, message: string): FieldError {
  const where = path === '' ? 'イベント' : `「${path}」`;
  return { path, message, message_ja: `${where}の値が不正です: ${message}` };
}

/** `['items', 0, 'price']` → `items[0].price`, the way a developer would write it. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    out = typeof key === 'number' ? `${out}[${key}]` : joinPath(out, String(key));
  }
  return out;
}

function joinPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}
