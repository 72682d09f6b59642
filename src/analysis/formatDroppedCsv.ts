/**
 * The dropped-units export as CSV: a header line, then one line per unit, CRLF line ends
 * (RFC 4180). Columns: visitor, session (session funnels only), then `<step>_at` for every step the
 * unit reached, as ISO 8601 UTC times.
 */
import type { DroppedUnit } from './droppedUnits.ts';
import { splitUnitId } from './droppedUnits.ts';
import { escapeCsvField } from './escapeCsvField.ts';

export function formatDroppedCsv(
  units: readonly DroppedUnit[],
  reachedStepIds: readonly string[],
  unit: 'visitor' | 'session',
): string {
  const header = ['visitor', ...(unit === 'session' ? ['session'] : []), ...reachedStepIds.map((id) => `${id}_at`)];
  const lines = [header.map(escapeCsvField).join(',')];
  for (const u of units) {
    const { visitor, session } = splitUnitId(u.id, unit);
    const times = reachedStepIds.map((_, k) => isoSeconds(u.reachedAt[k]));
    lines.push([visitor, ...(unit === 'session' ? [session ?? ''] : []), ...times].map(escapeCsvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Epoch seconds → '2026-11-01T23:30:00Z'; empty when unknown. */
export function isoSeconds(seconds: number | undefined): string {
  return seconds === undefined || !Number.isFinite(seconds) ? '' : new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
