/**
 * GA4 BigQuery export importer: one export row per line (NDJSON, as `bq extract
 * --destination_format NEWLINE_DELIMITED_JSON` writes it). Rows that are not JSON, miss the
 * event name or time, or fall outside the time sanity range are rejected with their line number.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { ImportBatch, ImportContext, RejectedLine } from './ImportBatch.ts';
import { DEFAULT_BATCH_SIZE } from './ImportBatch.ts';
import { readLineChunks } from './readLineChunks.ts';
import { importIdPrefix } from './importEventId.ts';
import { checkEventTime } from './checkEventTime.ts';
import { createUrlEnricher } from './createUrlEnricher.ts';
import { ga4RowSchema } from './ga4RowSchema.ts';
import { ga4RowToStored } from './ga4RowToStored.ts';
import { BAD_JSON_REASON, OVERLONG_REASON } from './importNdjson.ts';

export async function* importGa4(
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
    for (let i = 0; i < chunk.lines.length; i++) {
      const text = chunk.lines[i] as string;
      if (text.trim() === '') continue;
      const line = chunk.firstLine + i;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        rejected.push({ line, reason: BAD_JSON_REASON });
        continue;
      }
      const parsed = ga4RowSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') ?? '';
        rejected.push({ line, reason: `${field === '' ? 'row' : field}: ${issue?.message ?? 'invalid'} — is this a GA4 BigQuery export row?` });
        continue;
      }
      const ev = ga4RowToStored(parsed.data, ctx.site, idPrefix + line, now);
      if (typeof ev === 'string') {
        rejected.push({ line, reason: ev });
        continue;
      }
      const tsProblem = checkEventTime(ev.ts, now);
      if (tsProblem !== null) {
        rejected.push({ line, reason: tsProblem.replace('ts:', 'event_timestamp:') });
        continue;
      }
      if (ev.url !== null || ev.referrer !== null || ev.utm_source !== null || ev.utm_medium !== null || ev.gclid !== null) {
        enrich(ev);
      }
      events.push(ev);
      if (events.length >= batchSize) {
        yield { events, rejected, bytesRead };
        events = [];
        rejected = [];
      }
    }
    if (rejected.length >= batchSize) {
      yield { events, rejected, bytesRead };
      events = [];
      rejected = [];
    }
  }
  yield { events, rejected, bytesRead };
}
