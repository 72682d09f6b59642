/**
 * The loop every one-JSON-object-per-line importer shares (NDJSON, GA4 export): read line chunks,
 * parse, let the format turn a row into an event (or a reason to reject it), and hand out batches
 * (BatchBuilder.ts).
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { ImportBatch, ImportContext } from './ImportBatch.ts';
import { BatchBuilder } from './BatchBuilder.ts';
import { DEFAULT_BATCH_SIZE } from './ImportBatch.ts';
import { readLineChunks } from './readLineChunks.ts';

export const BAD_JSON_REASON = 'not valid JSON — the line is cut short or corrupted';
export const OVERLONG_REASON = 'line longer than 16 MB — is this really NDJSON (one event per line)?';

/** A parsed row and its 1-based line number → the event, or why the line is rejected. */
export type RowToEvent = (raw: unknown, line: number) => StoredEvent | string;

export async function* importJsonLines(
  input: AsyncIterable<Buffer | string>,
  ctx: ImportContext,
  rowToEvent: RowToEvent,
): AsyncGenerator<ImportBatch> {
  const batches = new BatchBuilder(ctx.batchSize ?? DEFAULT_BATCH_SIZE);

  for await (const chunk of readLineChunks(input)) {
    batches.bytesRead = chunk.bytesRead;
    for (const line of chunk.overlong) batches.reject(line, OVERLONG_REASON);
    const { lines, firstLine } = chunk;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string;
      if (text.length === 0) continue;
      const line = firstLine + i;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        if (text.trim() !== '') batches.reject(line, BAD_JSON_REASON);
        continue;
      }
      const event = rowToEvent(raw, line);
      if (typeof event === 'string') {
        batches.reject(line, event);
        continue;
      }
      const full = batches.accept(event);
      if (full) yield full;
    }
    const rejects = batches.rejectsFull();
    if (rejects) yield rejects;
  }
  yield batches.take();
}
