/**
 * NDJSON importer: one wire event (src/schema/event.ts) per line, `site` optional, `ts` required.
 * Lines that are not JSON, not valid events or outside the time sanity range are rejected with
 * their line number; the rest are imported.
 */
import type { ImportBatch, ImportContext } from './ImportBatch.ts';
import { importJsonLines } from './importJsonLines.ts';
import { importIdPrefix } from './importEventId.ts';
import { checkImportEvent } from './checkImportEvent.ts';
import { checkEventTime } from './checkEventTime.ts';
import { wireToStored } from './wireToStored.ts';
import { createUrlEnricher } from './createUrlEnricher.ts';


export function importNdjson(input: AsyncIterable<Buffer | string>, ctx: ImportContext): AsyncGenerator<ImportBatch> {
  const now = ctx.now ?? Date.now();
  const idPrefix = importIdPrefix(ctx.fileName);
  const enrich = createUrlEnricher(ctx.ownHosts);
  return importJsonLines(input, ctx, (raw, line) => {
    const checked = checkImportEvent(raw, ctx.site);
    if (!checked.ok) return checked.reason;
    const ev = checked.event;
    const ts = typeof ev.ts === 'number' ? ev.ts : Date.parse(ev.ts as string);
    const tsProblem = checkEventTime(ts, now);
    if (tsProblem !== null) return tsProblem;
    const stored = wireToStored(ev, ctx.site, ts, idPrefix + line, now);
    if (typeof stored !== 'string' && (stored.url !== null || stored.referrer !== null)) enrich(stored);
    return stored;
  });
}
