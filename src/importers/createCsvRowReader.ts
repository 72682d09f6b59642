/**
 * Turns one CSV row into a stored event through a compiled mapping. Sorted exports repeat the
 * same timestamp and event name on many rows, so both are cached; everything else is a few
 * index lookups, which keeps CSV import well above the 500k events/s target.
 */
import { EVENT_LIMITS } from '../schema/event.ts';
import { blankStoredEvent, type StoredEvent } from '../schema/storedEvent.ts';
import type { CompiledCsvMapping } from './compileCsvMapping.ts';
import type { ImportContext } from './ImportBatch.ts';
import { checkEventTime } from './checkEventTime.ts';
import { createUrlEnricher } from './createUrlEnricher.ts';
import { importIdPrefix } from './importEventId.ts';
import { parseTimestamp } from './parseTimestamp.ts';

const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*$/;
const CURRENCY = /^[A-Z]{3}$/;
const NAME_CACHE_MAX = 10_000;

/** Returns the row's event, or the reason it cannot be stored. */
export type CsvRowReader = (row: readonly string[], line: number) => StoredEvent | string;

export function createCsvRowReader(m: CompiledCsvMapping, ctx: ImportContext): CsvRowReader {
  const now = ctx.now ?? Date.now();
  const idPrefix = importIdPrefix(ctx.fileName);
  const enrich = createUrlEnricher(ctx.ownHosts);
  const nulls = m.nullValues;
  const hasNulls = nulls.size > 0;
  const ix = m.index;
  const columnMismatch = (n: number): string =>
    `expected ${m.columnCount} columns, found ${n} — a line cut short, or a different --delimiter?`;
  const badTs = `ts: not a time${m.tsFormat === 'auto' ? '' : ` in --ts-format ${m.tsFormat}`} — use ISO 8601, "YYYY-MM-DD HH:MM:SS UTC" or unix seconds/ms`;

  /** Final event name (after --rename) per raw value; null when the name is not valid. */
  const names = new Map<string, string | null>();
  let lastTsRaw = '';
  let lastTs = NaN;

  const cell = (row: readonly string[], i: number): string | null => {
    if (i < 0) return null;
    const v = row[i];
    return v === undefined || v === '' || (hasNulls && nulls.has(v)) ? null : v;
  };

  const eventName = (raw: string): string | null => {
    let name = names.get(raw);
    if (name === undefined) {
      const renamed = m.rename.get(raw) ?? raw;
      name = renamed.length <= EVENT_LIMITS.nameMaxLength && EVENT_NAME.test(renamed) ? renamed : null;
      if (names.size < NAME_CACHE_MAX) names.set(raw, name);
    }
    return name;
  };

  return (row, line) => {
    if (row.length !== m.columnCount) return columnMismatch(row.length);

    const rawName = m.eventName ?? cell(row, ix.name);
    if (rawName === null) return 'name: empty — every row needs an event name';
    const name = eventName(rawName);
    if (name === null) {
      return 'name: not a valid event name — map it with --rename value=event_name (letters, digits, _ . : -)';
    }

    const session = cell(row, ix.session);
    const visitor = cell(row, ix.visitor) ?? session;
    if (visitor === null) return 'visitor: empty and no session either — every row needs a visitor or a session';
    if (visitor.length > EVENT_LIMITS.idMaxLength || (session !== null && session.length > EVENT_LIMITS.idMaxLength)) {
      return `visitor/session: longer than ${EVENT_LIMITS.idMaxLength} characters`;
    }

    const tsRaw = cell(row, ix.ts);
    if (tsRaw === null) return 'ts: empty — every row needs an event time';
    let ts: number;
    if (tsRaw === lastTsRaw) {
      ts = lastTs;
    } else {
      ts = parseTimestamp(tsRaw, m.tsFormat);
      lastTsRaw = tsRaw;
      lastTs = ts;
    }
    if (Number.isNaN(ts)) return badTs;
    if (ix.ts_offset_ms >= 0) {
      const offset = Number(cell(row, ix.ts_offset_ms) ?? 0);
      if (!Number.isFinite(offset)) return 'ts_offset_ms: not a number of milliseconds';
      ts = Math.round(ts + offset);
    }
    const tsProblem = checkEventTime(ts, now);
    if (tsProblem !== null) return tsProblem;

    const id = cell(row, ix.id) ?? idPrefix + line;
    if (id.length > EVENT_LIMITS.idMaxLength) return `id: longer than ${EVENT_LIMITS.idMaxLength} characters`;
    const ev = blankStoredEvent({ id, site: ctx.site, ts, name, visitor });
    ev.received = now;
    if (session !== null) ev.session = session;

    if (ix.value >= 0) {
      const v = cell(row, ix.value);
      if (v !== null) {
        const n = Number(v);
        if (!Number.isFinite(n) || v.trim() === '') return 'value: not a number (use . for decimals, no currency sign)';
        ev.value = n;
      }
    }
    if (ix.currency >= 0) {
      const c = cell(row, ix.currency);
      if (c !== null) {
        if (!CURRENCY.test(c)) return 'currency: must be an ISO 4217 code such as JPY or USD';
        ev.currency = c;
      }
    }
    if (ix.url >= 0) {
      ev.url = cell(row, ix.url);
      if (ev.url !== null && ev.url.length > EVENT_LIMITS.urlMaxLength) return `url: longer than ${EVENT_LIMITS.urlMaxLength} characters`;
    }
    if (ix.referrer >= 0) {
      ev.referrer = cell(row, ix.referrer);
      if (ev.referrer !== null && ev.referrer.length > EVENT_LIMITS.urlMaxLength) {
        return `referrer: longer than ${EVENT_LIMITS.urlMaxLength} characters`;
      }
    }
    if (ix.title >= 0) {
      ev.title = cell(row, ix.title);
      if (ev.title !== null && ev.title.length > EVENT_LIMITS.titleMaxLength) return `title: longer than ${EVENT_LIMITS.titleMaxLength} characters`;
    }
    if (ix.country >= 0) ev.country = cell(row, ix.country);

    if (m.props.length > 0) {
      let props: Record<string, string> | null = null;
      for (const [key, i] of m.props) {
        const v = cell(row, i);
        if (v === null) continue;
        if (v.length > EVENT_LIMITS.propStringMaxLength) {
          return `props.${key}: longer than ${EVENT_LIMITS.propStringMaxLength} characters`;
        }
        (props ??= {})[key] = v;
      }
      if (props !== null) ev.props = JSON.stringify(props);
    }

    if (ev.url !== null || ev.referrer !== null) enrich(ev);
    return ev;
  };
}
