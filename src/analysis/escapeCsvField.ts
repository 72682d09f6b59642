/**
 * One CSV field per RFC 4180: quoted when it holds a comma, a double quote, CR or LF, with inner
 * quotes doubled. Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR)
 * gets a leading apostrophe first (OWASP "CSV injection"): visitor ids come from browsers, and the
 * operator opens this file in Excel.
 *
 * @example escapeCsvField('a,"b"') // '"a,""b"""'
 */
export function escapeCsvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
