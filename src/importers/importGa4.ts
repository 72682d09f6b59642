/**
 * GA4 BigQuery export importer: one export row per line (NDJSON, as `bq extract
 * --destination_format NEWLINE_DELIMITED_JSON` writes it). Rows that are not JSON, miss the
 * event name or time, or fall outside the time sanity range are rejected with their line number.
 */
import type { ImportBatch, ImportContext } from './ImportBatch.ts';
import { importJsonLines } from './importJsonLines.ts';
import { importIdPrefix } from './importEventId.ts';
import { checkEventTime } from './checkEventTime.ts';
import { createUrlEnricher } from './createUrlEnricher.ts';
import { ga4RowSchema } from './ga4RowSchema.ts';
import { ga4RowToStored } from './ga4RowToStored.ts';

export function importGa4(input: AsyncIterable<Buffer | string>, ctx: ImportContext): AsyncGenerator<ImportBatch> {
  const now = ctx.now ?? Date.now();
  const idPrefix = importIdPrefix(ctx.fileName);
  const enrich = createUrlEnricher(ctx.ownHosts);
  return importJsonLines(input, ctx, (raw, line) => {
    const parsed = ga4RowSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      return `${field === '' ? 'row' : field}: ${issue?.message ?? 'invalid'} — is this a GA4 BigQuery export row?`;
    }
    const ev = ga4RowToStored(parsed.data, ctx.site, idPrefix + line, now);
    if (typeof ev === 'string') return ev;
    const tsProblem = checkEventTime(ev.ts, now);
    if (tsProblem !== null) return tsProblem.replace('ts:', 'event_timestamp:');
    if (ev.url !== null || ev.referrer !== null || ev.utm_source !== null || ev.utm_medium !== null || ev.gclid !== null) {
      enrich(ev);
    }
    return ev;
  });
}
