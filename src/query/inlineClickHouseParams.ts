import type { SqlFragment, SqlValue } from './SqlFragment.ts';

/**
 * ClickHouse 18.16 has no query parameters (`{name:Type}` arrived in 19.x), so its SQL must carry
 * values as literals. This is the one place that writes them: strings are quoted with every
 * backslash, quote and control character escaped, numbers must be finite. Everything else in the
 * text is SQL we built, which never contains `?`.
 */
export function inlineClickHouseParams(fragment: SqlFragment): string {
  const pieces = fragment.sql.split('?');
  if (pieces.length - 1 !== fragment.params.length) {
    throw new Error(
      `internal: SQL has ${pieces.length - 1} placeholders but ${fragment.params.length} values`,
    );
  }
  let out = pieces[0] ?? '';
  fragment.params.forEach((value, i) => {
    out += clickHouseLiteral(value) + (pieces[i + 1] ?? '');
  });
  return out;
}

/** A ClickHouse literal for one value. */
export function clickHouseLiteral(value: SqlValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`internal: cannot write ${value} as a SQL number`);
    // Integers print plainly; other numbers in the shortest form that reads back exactly.
    return Object.is(value, -0) ? '0' : String(value);
  }
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}
