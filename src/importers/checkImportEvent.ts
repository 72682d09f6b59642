/**
 * Validates one NDJSON line's object as an import event: the wire format (src/schema/event.ts),
 * except that `site` may be left out (it comes from `--site`) and `ts` is required (an import
 * without times would stamp history with today's date).
 *
 * Speed: zod costs ~1.5 µs per event, which alone would cap imports near 600k events/s. Most
 * lines are plain, so `isPlainWireEvent` accepts the common shape with a few type checks; it
 * only ever accepts objects the zod schema also accepts (checkImportEvent.test.ts compares
 * them), and everything else goes through zod, which also words the error.
 */
import { EVENT_LIMITS, timestampSchema, type WireEvent } from '../schema/event.ts';
import { validateWireEvent } from '../collect/validateWireEvent.ts';

export type CheckedImportEvent = { ok: true; event: WireEvent } | { ok: false; reason: string };

export const TS_REQUIRED_REASON =
  'ts: required for imports — give milliseconds since the epoch or an ISO 8601 time with a zone';
export const SITE_MISMATCH_REASON =
  'site: differs from --site — import each site from its own file, or drop "site" from the lines';

export function checkImportEvent(raw: unknown, site: string): CheckedImportEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'not a JSON object — each line must be one event object' };
  }
  const record = raw as Record<string, unknown>;
  if (record.site === undefined) record.site = site;
  else if (record.site !== site) return { ok: false, reason: SITE_MISMATCH_REASON };
  if (record.ts === undefined) return { ok: false, reason: TS_REQUIRED_REASON };
  if (isPlainWireEvent(record)) return { ok: true, event: record as WireEvent };
  const result = validateWireEvent(record);
  if (result.ok) return result;
  return { ok: false, reason: result.errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`)).join('; ') };
}

const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*$/;
const CURRENCY = /^[A-Z]{3}$/;

/** A conservative subset of wireEventSchema: true only when zod would accept the object unchanged. */
export function isPlainWireEvent(o: Record<string, unknown>): boolean {
  let hasName = false;
  let hasSite = false;
  for (const key in o) {
    const v = o[key];
    switch (key) {
      case 'name':
        if (typeof v !== 'string' || v.length > EVENT_LIMITS.nameMaxLength || !EVENT_NAME.test(v)) return false;
        hasName = true;
        break;
      case 'site':
        if (typeof v !== 'string' || v.length < 1 || v.length > 64) return false;
        hasSite = true;
        break;
      case 'id':
      case 'visitor':
      case 'session':
        if (typeof v !== 'string' || v.length < 1 || v.length > EVENT_LIMITS.idMaxLength) return false;
        break;
      case 'ts':
        if (typeof v === 'number') {
          if (!Number.isSafeInteger(v) || v < 0) return false;
        } else if (!timestampSchema.safeParse(v).success) return false;
        break;
      case 'url':
      case 'referrer':
        if (typeof v !== 'string' || v.length > EVENT_LIMITS.urlMaxLength) return false;
        break;
      case 'title':
        if (typeof v !== 'string' || v.length > EVENT_LIMITS.titleMaxLength) return false;
        break;
      case 'value':
        if (typeof v !== 'number' || !Number.isFinite(v)) return false;
        break;
      case 'currency':
        if (typeof v !== 'string' || !CURRENCY.test(v)) return false;
        break;
      case 'props':
        if (!isPlainProps(v)) return false;
        break;
      default:
        // items, unknown keys, __proto__: zod decides and explains.
        return false;
    }
  }
  return hasName && hasSite;
}

function isPlainProps(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  let count = 0;
  for (const key in v) {
    if (key.length < 1 || key.length > EVENT_LIMITS.propKeyMaxLength || key === '__proto__') return false;
    if (++count > EVENT_LIMITS.propsMaxKeys) return false;
    const p = (v as Record<string, unknown>)[key];
    if (typeof p === 'string') {
      if (p.length > EVENT_LIMITS.propStringMaxLength) return false;
    } else if (typeof p === 'number') {
      if (!Number.isFinite(p)) return false;
    } else if (typeof p !== 'boolean' && p !== null) return false;
  }
  return true;
}
