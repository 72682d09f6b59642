/**
 * Collects one importer's events and rejected lines into ImportBatches of at most `size` events.
 * Rejections are batched too (`rejectsFull`), so a file of bad lines never piles up in memory.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { ImportBatch, RejectedLine } from './ImportBatch.ts';

export class BatchBuilder {
  private events: StoredEvent[] = [];
  private rejected: RejectedLine[] = [];
  /** Bytes of the file consumed so far, carried by each batch for the progress bar. */
  bytesRead = 0;

  constructor(private readonly size: number) {}

  reject(line: number, reason: string): void {
    this.rejected.push({ line, reason });
  }

  /** Adds an event; returns a batch once `size` events wait, else null. */
  accept(event: StoredEvent): ImportBatch | null {
    this.events.push(event);
    return this.events.length >= this.size ? this.take() : null;
  }

  /** After a chunk of input: a batch when rejected lines alone reached `size`, else null. */
  rejectsFull(): ImportBatch | null {
    return this.rejected.length >= this.size ? this.take() : null;
  }

  /** Everything collected so far (the last batch of a file, possibly empty). */
  take(): ImportBatch {
    const batch = { events: this.events, rejected: this.rejected, bytesRead: this.bytesRead };
    this.events = [];
    this.rejected = [];
    return batch;
  }
}
