/**
 * Drives an importer into a writer and keeps the tally. While the store writes one batch the next
 * one is parsed and handed over, then the one after is parsed once the first is written (at most
 * two writes in flight): parsing overlaps writing, and the store can build the waiting batch while
 * the one ahead commits.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { ImportBatch } from './ImportBatch.ts';
import { ImportError } from './ImportError.ts';

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
  write: (events: StoredEvent[]) => Promise<void>,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportSummary> {
  const started = performance.now();
  const groups = new Map<string, RejectionGroup>();
  const tally = { bytesRead: 0, read: 0, stored: 0, rejected: 0 };
  let inFlight: Promise<void> | null = null;
  let failure: unknown = null;

  const snapshot = (): ImportProgress => ({ ...tally, elapsedMs: performance.now() - started });

  const startWrite = (events: StoredEvent[]): Promise<void> =>
    write(events).then(
      () => {
        tally.stored += events.length;
      },
      (err: unknown) => {
        failure ??= err;
      },
    );

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
      if (failure !== null) break;
      const next = startWrite(batch.events);
      if (inFlight !== null) await inFlight;
      inFlight = next;
    }
    onProgress?.(snapshot());
  }
  if (inFlight !== null) await inFlight;
  if (failure !== null) {
    const message = failure instanceof Error ? failure.message : String(failure);
    throw new ImportError(
      `Writing the events failed after ${tally.stored} were stored: ${message}`,
      `${tally.stored} 件を保存した後、書き込みに失敗しました: ${message}`,
      ['Fix the cause, then import the file again (with --replace if the site holds only imported data).'],
    );
  }
  const reasons = [...groups.values()]
    .map((g) => ({ ...g, firstLines: [...g.firstLines].sort((a, b) => a - b) }))
    .sort((a, b) => b.count - a.count || (a.firstLines[0] ?? 0) - (b.firstLines[0] ?? 0));
  const summary = { ...snapshot(), reasons };
  onProgress?.(summary);
  return summary;
}
