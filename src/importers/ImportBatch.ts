/**
 * What every importer yields: a batch of events ready for the store, the lines it could not use
 * (with the reason, so the summary can say what to fix), and how far into the file it has read
 * (for the progress bar).
 */
import type { StoredEvent } from '../schema/storedEvent.ts';

export const IMPORT_FORMATS = ['ndjson', 'csv', 'ga4'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A line that was not imported. `line` is 1-based and counts every physical line, header included. */
export interface RejectedLine {
  line: number;
  /** What was wrong, without the line's own values, so equal problems group in the summary. */
  reason: string;
}

export interface ImportBatch {
  events: StoredEvent[];
  rejected: RejectedLine[];
  /** Bytes of the file consumed so far (cumulative), for progress against the file size. */
  bytesRead: number;
}

/** Settings shared by all formats. */
export interface ImportContext {
  /** Site id the events belong to (`--site`). */
  site: string;
  /**
   * Name the deterministic event ids are derived from (the file's base name), so importing the
   * same file again gives the same ids.
   */
  fileName: string;
  /** The site's own hosts (from `origins`): a referrer from these is not a referral. */
  ownHosts?: readonly string[];
  /**
   * Events per yielded batch. The embedded store takes 2,048 (it builds each piece as it comes);
   * the default, 20k, suits whole-batch writes (ClickHouse, the running server).
   */
  batchSize?: number;
  /** "Now" for the timestamp sanity check; tests pin it. */
  now?: number;
}

export const DEFAULT_BATCH_SIZE = 20_000;
