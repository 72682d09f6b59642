/**
 * An import's way into the embedded store: the importer hands events over piece by piece as it
 * parses them; each piece is built into data chunks at once (BulkBatchBuilder.ts), so the event
 * objects die young, and every BULK_IMPORT_BATCH rows (one row group) the batch is written. At
 * most two batches are written at once, as runImport did with whole batches: one commits on
 * DuckDB's thread while the next is appended beside it, and the importer waits for the older
 * one before it builds a third.
 */
import type { StoredEvent } from '../../schema/storedEvent.ts';
import type { BuiltBatch, BulkBatchBuilder } from './BulkBatchBuilder.ts';
import { BULK_IMPORT_BATCH } from './bulkBatchSizes.ts';
import { msSpan } from './eventTimeSpan.ts';

export interface BulkAppend {
  /**
   * Builds `events` into the batch in progress (the caller may drop them once this returns) and
   * writes each batch that fills up. Resolves when the caller may hand over more; rejects when
   * an event has no valid ts (nothing of it added) or a batch could not be written.
   */
  add(events: readonly StoredEvent[]): Promise<void>;
  /** Writes the last, partly filled batch and waits until every batch has been written. */
  finish(): Promise<void>;
  /** Stops: gives the rows not written back and waits for the batches already on their way. */
  abort(): Promise<void>;
  /** Events written (committed) so far. */
  readonly stored: number;
}

export function openBulkAppend(
  builder: BulkBatchBuilder,
  write: (built: BuiltBatch) => Promise<void>,
  onStored?: (events: number) => void,
  batchSize = BULK_IMPORT_BATCH,
): BulkAppend {
  const inFlight: Promise<void>[] = [];
  let failure: unknown = null;
  let stored = 0;

  const fail = (): void => {
    if (failure !== null) throw failure;
  };

  const seal = (): void => {
    const built = builder.take();
    inFlight.push(
      write(built).then(
        () => {
          stored += built.count;
          try {
            onStored?.(stored);
          } catch {
            // A progress display that fails must not fail the import.
          }
        },
        (err: unknown) => {
          failure ??= err;
        },
      ),
    );
  };

  return {
    get stored() {
      return stored;
    },
    async add(events) {
      fail();
      // Every time checked before any row is built: a piece is taken whole or not at all, even
      // one that completes a batch.
      if (events.length > 0) msSpan(events, 0, events.length);
      for (let from = 0; from < events.length; ) {
        // Whole row groups: a batch ends at exactly batchSize rows, the rest starts the next.
        const to = Math.min(events.length, from + batchSize - builder.rows);
        builder.add(events, from, to);
        from = to;
        if (builder.rows >= batchSize) {
          seal();
          if (inFlight.length >= 2) await inFlight.shift();
          fail();
        }
      }
    },
    async finish() {
      fail();
      if (builder.rows > 0) seal();
      await Promise.all(inFlight.splice(0));
      fail();
    },
    async abort() {
      builder.discard();
      await Promise.all(inFlight.splice(0));
    },
  };
}
