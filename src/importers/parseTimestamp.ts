/**
 * Reads event times the way shop exports write them. Text without a zone is taken as UTC (the
 * docs say so); a bare number is read by its size: up to 11 digits seconds, 12–14 milliseconds,
 * 15–17 microseconds.
 */

export const TS_FORMATS = ['auto', 'iso', 'unix-s', 'unix-ms', 'unix-us'] as const;
export type TsFormat = (typeof TS_FORMATS)[number];

const NUMBER = /^\d+(\.\d+)?$/;
/** ISO 8601 and its common relatives: `2019-10-01 00:00:00 UTC`, `2024/05/01 09:30`, `2016-05-09`. */
const DATE_TEXT =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch, or NaN when `raw` is not a time in `format`. */
export function parseTimestamp(raw: string, format: TsFormat = 'auto'): number {
  const text = raw.trim();
  switch (format) {
    case 'unix-s':
      return NUMBER.test(text) ? Math.round(Number(text) * 1000) : NaN;
    case 'unix-ms':
      return NUMBER.test(text) ? Math.round(Number(text)) : NaN;
    case 'unix-us':
      return NUMBER.test(text) ? Math.floor(Number(text) / 1000) : NaN;
    case 'iso':
      return parseDateText(text);
    case 'auto':
      return NUMBER.test(text) ? parseNumberBySize(text) : parseDateText(text);
  }
}

function parseNumberBySize(text: string): number {
  const dot = text.indexOf('.');
  const digits = dot === -1 ? text.length : dot;
  const n = Number(text);
  if (digits <= 11) return Math.round(n * 1000);
  if (digits <= 14) return Math.round(n);
  if (digits <= 17) return Math.floor(n / 1000);
  return NaN;
}

function parseDateText(text: string): number {
  const m = DATE_TEXT.exec(text);
  if (m === null) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const ms = frac === '' ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 April over into 1 May; a real calendar date keeps its day.
  if (new Date(utc).getUTCDate() !== day) return NaN;
  return utc - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string): number {
  const c = zone.charAt(0);
  if (c !== '+' && c !== '-') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return (c === '-' ? -1 : 1) * minutes * 60_000;
}
