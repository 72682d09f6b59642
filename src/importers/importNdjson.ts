/**
 * NDJSON importer: one wire event (src/schema/event.ts) per line, `site` optional, `ts` required.
 * Lines that are not JSON, not valid events or outside the time sanity range are rejected with
 * their line number; the rest are imported.
 */
import type { ImportBatch, ImportContext, RejectedLine } from './ImportBatch.ts';
import { DEFAULT_BATCH_SIZE } from './ImportBatch.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import { readLineChunks } from './readLineChunks.ts';
import { importIdPrefix } from './importEventId.ts';
import { checkImportEvent } from './checkImportEvent.ts';
import { checkEventTime } from './checkEventTime.ts';
import { wireToStored } from './wireToStored.ts';
import { createUrlEnricher } from './createUrlEnricher.ts';

export const BAD_JSON_REASON = 'not valid JSON — the line is cut short or corrupted';
export const OVERLONG_REASON = 'line longer than 16 MB — is this really NDJSON (one event per line)?';

export async function* importNdjson(
  input: AsyncIterable<Buffer | string>,
  ctx: ImportContext,
): AsyncGenerator<ImportBatch> {
  const batchSize = ctx.batchSize ?? DEFAULT_BATCH_SIZE;
  const now = ctx.now ?? Date.now();
  const idPrefix = importIdPrefix(ctx.fileName);
  const enrich = createUrlEnricher(ctx.ownHosts);
  let events: StoredEvent[] = [];
  let rejected: RejectedLine[] = [];
  let bytesRead = 0;

  for await (const chunk of readLineChunks(input)) {
    bytesRead = chunk.bytesRead;
    for (const line of chunk.overlong) rejected.push({ line, reason: OVERLONG_REASON });
    const { lines, firstLine } = chunk;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string;
      if (text.length === 0) continue;
      const lineNo = firstLine + i;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        if (text.trim() !== '') rejected.push({ line: lineNo, reason: BAD_JSON_REASON });
        continue;
      }
      const checked = checkImportEvent(raw, ctx.site);
      if (!checked.ok) {
        rejected.push({ line: lineNo, reason: checked.reason });
        continue;
      }
      const ev = checked.event;
      const ts = typeof ev.ts === 'number' ? ev.ts : Date.parse(ev.ts as string);
      const tsProblem = checkEventTime(ts, now);
      if (tsProblem !== null) {
        rejected.push({ line: lineNo, reason: tsProblem });
        continue;
      }
      const stored = wireToStored(ev, ctx.site, ts, idPrefix + lineNo, now);
      if (typeof stored === 'string') {
        rejected.push({ line: lineNo, reason: stored });
        continue;
      }
      if (stored.url !== null || stored.referrer !== null) enrich(stored);
      events.push(stored);
      if (events.length >= batchSize) {
        yield { events, rejected, bytesRead };
        events = [];
        rejected = [];
      }
    }
    // An all-bad file must not pile up rejections in memory either.
    if (rejected.length >= batchSize) {
      yield { events, rejected, bytesRead };
      events = [];
      rejected = [];
    }
  }
  yield { events, rejected, bytesRead };
}
