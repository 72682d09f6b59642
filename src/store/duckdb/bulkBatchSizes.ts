/**
 * Batch sizes and pool sizes of the store's write path (createEventInserter.ts): what makes a
 * batch a bulk one, how large importers' batches are, how many chunks are kept for reuse.
 */
import { CHUNK_ROWS } from './appendEventChunks.ts';

/**
 * Batches of at least this many events commit by checkpointing instead of writing the WAL:
 * DuckDB skips the WAL for a commit that triggers a checkpoint and is larger than
 * `auto_checkpoint_skip_wal_threshold` (100 kB), so each row is compressed into the file once
 * instead of serialized into the WAL and compressed at a later checkpoint (~1 µs less CPU per event
 * at 100k-event batches). Smaller batches (live traffic) keep the WAL and the store's usual
 * threshold: checkpointing after each of them would rewrite the last row group every time.
 */
export const BULK_BATCH = 20_000;
/**
 * Batch size for bulk writers (importers, the bench): 122,880 events, one DuckDB row group. A
 * commit compresses the row groups it touched; with 100k batches each commit also recompressed
 * the part of the last row group the batch before had filled (~20% more commit time).
 */
export const BULK_IMPORT_BATCH = 122_880;
/** The checkpoint threshold while a bulk batch commits: any bulk commit crosses it. */
export const BULK_CHECKPOINT_THRESHOLD = '1MB';

/** Rows per slice when a batch is built as it is appended (8 chunks). */
export const LAZY_SLICE = 8 * CHUNK_ROWS;
/** Chunks of event columns kept for reuse: a few normally, up to two prebuilt row-group batches while bulk batches flow. */
export const POOLED = 8;
export const MAX_POOLED = 128;

