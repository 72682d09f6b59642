import { EVENT_LIMITS } from '../schema/event.ts';
import { collectError, type CollectError } from './collectError.ts';

export type ParsedBody = { ok: true; items: unknown[] } | { ok: false; error: CollectError };

// fatal: true makes bad byte sequences an error instead of silently becoming U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → the list of raw events: one object or an array of 1..500. Items are not validated
 * here, so one bad event in a batch does not sink the others.
 */
export function parseCollectBody(bytes: Uint8Array): ParsedBody {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: collectError('invalid_utf8') };
  }
  if (text.trim() === '') return { ok: false, error: collectError('malformed_json', 'the body is empty') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, error: collectError('malformed_json', detail) };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { ok: false, error: collectError('empty_batch') };
    if (value.length > EVENT_LIMITS.batchMax) {
      return { ok: false, error: collectError('batch_too_large', `received ${value.length} events`) };
    }
    return { ok: true, items: value };
  }
  if (value !== null && typeof value === 'object') return { ok: true, items: [value] };
  return { ok: false, error: collectError('invalid_body', `received ${value === null ? 'null' : typeof value}`) };
}
