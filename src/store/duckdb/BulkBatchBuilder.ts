/**
 * Builds a bulk batch piece by piece as an importer hands its events over: each piece becomes
 * data chunks (the event columns and the keys site, id, ts, position) at once, so the importer's
 * event objects can be dropped right after. Held until a whole batch (a row group) was read, they
 * outlived the young generation's collections and were copied by each one (~15% of an import's
 * main-thread time); built a piece at a time, they die young. The batch then goes to the store
 * as chunks only (createEventInserter.ts `prepareBuilt`). Rows short of a whole chunk (2,048) wait
 * for the next piece as objects, so a piece of any size leaves no partly filled chunk behind.
 */
import type { DuckDBDataChunk, DuckDBTimestampValue } from '@duckdb/node-api';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { buildChunkRange, CHUNK_ROWS } from './appendEventChunks.ts';
import type { ChunkColumn, ChunkPool } from './appendEventChunks.ts';
import { describeEvent, EVENT_CHUNK_COLUMNS, keyChunkColumns } from './eventChunkColumns.ts';
import { micros, msSpan } from './eventTimeSpan.ts';

/** A batch built from pieces: its rows as event chunks and key chunks, and their time span. */
export interface BuiltBatch {
  readonly eventChunks: DuckDBDataChunk[];
  /** Rows (site, id, ts, position in the batch), for hashing the keys (hashBatchKeys.ts). */
  readonly keyChunks: DuckDBDataChunk[];
  readonly count: number;
  /** Smallest and largest ts, as query bounds. */
  readonly span: DuckDBTimestampValue[];
}

export class BulkBatchBuilder {
  private eventChunks: DuckDBDataChunk[] = [];
  private keyChunks: DuckDBDataChunk[] = [];
  /** Rows built into chunks. */
  private count = 0;
  /** Rows waiting for a whole chunk (fewer than CHUNK_ROWS). */
  private carry: StoredEvent[] = [];
  private min = Infinity;
  private max = -Infinity;

  constructor(
    private readonly eventPool: ChunkPool,
    private readonly keyPool: ChunkPool,
  ) {}

  /** Rows added so far. */
  get rows(): number {
    return this.count + this.carry.length;
  }

  /**
   * Builds `events[from, to)` onto the batch. Throws, naming the event, when one has no valid ts
   * or received time; nothing of the piece is added then.
   */
  add(events: readonly StoredEvent[], from = 0, to = events.length): void {
    if (to <= from) return;
    const [min, max] = msSpan(events, from, to);
    let at = from;
    if (this.carry.length > 0) {
      const end = Math.min(to, at + CHUNK_ROWS - this.carry.length);
      for (; at < end; at++) this.carry.push(events[at] as StoredEvent);
      if (this.carry.length === CHUNK_ROWS) this.buildCarry();
    }
    const whole = at + Math.floor((to - at) / CHUNK_ROWS) * CHUNK_ROWS;
    if (whole > at) this.build(events, at, whole);
    for (let i = whole; i < to; i++) this.carry.push(events[i] as StoredEvent);
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  /** Builds `events[from, to)` (times checked) into chunks after the rows built so far. */
  private build(events: readonly StoredEvent[], from: number, to: number): void {
    const built = buildChunkRange(events, from, to, EVENT_CHUNK_COLUMNS, describeEvent, this.eventPool);
    let keys: DuckDBDataChunk[];
    try {
      // Positions count from the batch's first row, whichever piece a row came in.
      keys = buildChunkRange(events, from, to, keyChunkColumns(this.count - from) as ChunkColumn<StoredEvent>[], describeEvent, this.keyPool);
    } catch (err) {
      this.eventPool.give(built);
      throw err;
    }
    this.eventChunks.push(...built);
    this.keyChunks.push(...keys);
    this.count += to - from;
  }

  private buildCarry(): void {
    const rows = this.carry;
    this.carry = [];
    this.build(rows, 0, rows.length);
  }

  /** Hands the batch built so far over (the caller gives its chunks back) and starts an empty one. */
  take(): BuiltBatch {
    if (this.carry.length > 0) this.buildCarry();
    const batch: BuiltBatch = {
      eventChunks: this.eventChunks,
      keyChunks: this.keyChunks,
      count: this.count,
      span: this.count > 0 ? [micros(this.min), micros(this.max)] : [],
    };
    this.eventChunks = [];
    this.keyChunks = [];
    this.count = 0;
    this.min = Infinity;
    this.max = -Infinity;
    return batch;
  }

  /** Gives the chunks built so far back to their pools (an import that stops). */
  discard(): void {
    this.carry = [];
    const { eventChunks, keyChunks } = this.take();
    this.eventPool.give(eventChunks);
    this.keyPool.give(keyChunks);
  }
}
