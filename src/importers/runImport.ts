/**
 * Drives an importer into a sink (ImportSink.ts) and keeps the tally. Parsing overlaps writing:
 * the embedded store builds each piece as it comes and writes whole row groups, two at a time;
 * a plain `write` function gets whole batches with at most two writes in flight (inFlightSink).
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { ImportBatch } from './ImportBatch.ts';
import { ImportError } from './ImportError.ts';
import { inFlightSink } from './ImportSink.ts';
import type { ImportSink } from './ImportSink.ts';

export interface ImportProgress {
  /** Bytes of the file consumed. */
  bytesRead: number;
  /** Records read: events plus rejected lines (headers and blank lines not counted). */
  read: number;
  /** Events the writer has confirmed. */
  stored: number;
  rejected: number;
  elapsedMs: number;
}

export interface RejectionGroup {
  reason: string;
  count: number;
  /** The first few line numbers with this reason, ascending. */
  firstLines: number[];
}

export interface ImportSummary extends ImportProgress {
  /** Reasons by count, most frequent first. */
  reasons: RejectionGroup[];
}

export const FIRST_LINES_KEPT = 5;

export async function runImport(
  batches: AsyncIterable<ImportBatch>,
  to: ImportSink | ((events: StoredEvent[]) => Promise<void>),
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportSummary> {
  const started = performance.now();
  const sink = typeof to === 'function' ? inFlightSink(to) : to;
  const groups = new Map<string, RejectionGroup>();
  const tally = { bytesRead: 0, read: 0, rejected: 0 };
  let failure: unknown = null;

  const snapshot = (): ImportProgress => ({ ...tally, stored: sink.stored, elapsedMs: performance.now() - started });

  try {
    for await (const batch of batches) {
      tally.bytesRead = batch.bytesRead;
      tally.read += batch.events.length + batch.rejected.length;
      tally.rejected += batch.rejected.length;
      for (const r of batch.rejected) {
        const g = groups.get(r.reason);
        if (g === undefined) groups.set(r.reason, { reason: r.reason, count: 1, firstLines: [r.line] });
        else {
          g.count++;
          if (g.firstLines.length < FIRST_LINES_KEPT) g.firstLines.push(r.line);
        }
      }
      if (batch.events.length > 0) {
        try {
          await sink.add(batch.events);
        } catch (err) {
          failure = err;
          break;
        }
      }
      onProgress?.(snapshot());
    }
    if (failure === null) await sink.finish().catch((err: unknown) => (failure = err));
  } finally {
    // After a failed read (a truncated file) or write, the writes on their way end before we
    // report; after finish() there are none.
    await sink.abort();
  }
  if (failure !== null) {
    const message = failure instanceof Error ? failure.message : String(failure);
    const stored = sink.stored;
    throw new ImportError(
      `Writing the events failed after ${stored} were stored: ${message}`,
      `${stored} 件を保存した後、書き込みに失敗しました: ${message}`,
      [
        'Fix the cause, then import the file again: events already stored are recognised by their ids and not stored twice, so the import fills in what is missing (use --replace if the site holds only imported data).',
      ],
    );
  }
  const reasons = [...groups.values()]
    .map((g) => ({ ...g, firstLines: [...g.firstLines].sort((a, b) => a - b) }))
    .sort((a, b) => b.count - a.count || (a.firstLines[0] ?? 0) - (b.firstLines[0] ?? 0));
  const summary = { ...snapshot(), reasons };
  onProgress?.(summary);
  return summary;
}
