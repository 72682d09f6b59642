/** The shapes the ingest log hands out and takes: records, reads, options and statistics. */
import type { StoredEvent } from '../schema/storedEvent.ts';

export interface LogRecord {
  seq: number;
  event: StoredEvent;
}

/** What `read` returns: the records, and the seq the reader got through (past skipped damage). */
export interface LogRead {
  records: LogRecord[];
  /** Everything up to here has been seen: the writer records it as applied. */
  throughSeq: number;
}

export interface IngestLogOptions {
  /** Start a new segment once the active one reaches this size (default 64 MiB). */
  segmentBytes?: number;
  /**
   * Durable records kept in memory for the writer (default 32 MiB of encoded size). Beyond it the
   * oldest are dropped from memory only; the writer then reads them back from disk.
   */
  maxQueuedBytes?: number;
  /** Damage found in the log (default: console.warn). */
  onWarning?: (message: string) => void;
}

export interface IngestLogStats {
  /** Highest seq handed out (durable or not). */
  lastSeq: number;
  /** Highest seq known to be on disk. */
  durableSeq: number;
  appendCalls: number;
  events: number;
  fsyncs: number;
  bytesWritten: number;
  segments: number;
  queuedRecords: number;
  queuedBytes: number;
  /** Reads the writer had to serve from disk (replay, or memory overflow). */
  diskReads: number;
}
