/**
 * The durable ingest log: accepted events are appended to segment files under `<dataDir>/log/`
 * and acknowledged only after fdatasync. Appends that arrive while a sync is in flight are written
 * together and share the next sync (group commit). The batch writer (startLogWriter.ts) reads the
 * log back into the store; see DESIGN.md "Exactly-once from the log". Opened by openIngestLog.ts.
 */
import { open, truncate, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { IngestSink } from './IngestSink.ts';
import { segmentPath } from './listSegments.ts';
import type { Segment } from './listSegments.ts';
import { encodeLogFrame } from './logFrame.ts';
import { scanSegment } from './scanSegment.ts';
import { syncDir } from './syncDir.ts';
import { decodeLogRecord } from './decodeLogRecord.ts';
import type { IngestLogStats, LogRead, LogRecord } from './ingestLogTypes.ts';
import { logDiskError } from './logDiskError.ts';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

interface PendingBatch {
  frames: Buffer[];
  bytes: number;
  records: LogRecord[];
  waiters: Waiter[];
}

interface TailChunk {
  records: LogRecord[];
  bytes: number;
}

export class IngestLog implements IngestSink {
  private pending: PendingBatch | null = null;
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  /** Highest seq whose append has finished, successfully or not. */
  private settledSeq: number;
  private closed = false;
  private appendedSinceOpen = false;
  /** Durable records in seq order; every durable record with seq >= tailFrom is here. */
  private tail: TailChunk[] = [];
  private tailFrom: number;
  private tailBytes = 0;
  private cursor: { file: string; offset: number; lastSeq: number } | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly counters = { appendCalls: 0, events: 0, fsyncs: 0, bytesWritten: 0, diskReads: 0 };

  constructor(
    readonly dir: string,
    private segments: Segment[],
    private fd: FileHandle,
    /** Bytes of the active segment that are written and synced. */
    private activeSize: number,
    private nextSeq: number,
    private durable: number,
    private readonly segmentBytes: number,
    private readonly maxQueuedBytes: number,
    private readonly warn: (message: string) => void,
    /** Releases the log's lock file (logLock.ts); called by close(). */
    private readonly releaseLock: () => Promise<void> = async () => undefined,
  ) {
    this.tailFrom = nextSeq;
    this.settledSeq = nextSeq - 1;
  }

  /** Resolves once the events are fsynced; rejects (with advice) when the disk refused them. */
  append(events: readonly StoredEvent[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) {
      return Promise.reject(
        new Error(
          'midgoal is shutting down and no longer accepts events; send them again once it has restarted. / ' +
            'midgoal は終了処理中のため受け付けできません。再起動後にもう一度送信してください。',
        ),
      );
    }
    if (events.length === 0) return Promise.resolve();
    // Encode before taking seqs, so an event that cannot be serialized fails alone.
    const frames: Buffer[] = [];
    const records: LogRecord[] = [];
    let bytes = 0;
    try {
      let seq = this.nextSeq;
      for (const event of events) {
        const frame = encodeLogFrame(seq, Buffer.from(JSON.stringify(event), 'utf8'));
        frames.push(frame);
        records.push({ seq, event });
        bytes += frame.length;
        seq += 1;
      }
    } catch (err) {
      return Promise.reject(new Error(`An event could not be written to the ingest log: ${(err as Error).message}`));
    }
    this.nextSeq += events.length;
    this.appendedSinceOpen = true;
    this.counters.appendCalls += 1;
    this.counters.events += events.length;
    const batch = (this.pending ??= { frames: [], bytes: 0, records: [], waiters: [] });
    batch.frames.push(...frames);
    batch.records.push(...records);
    batch.bytes += bytes;
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  get durableSeq(): number {
    return this.durable;
  }

  /**
   * Waits until every append issued so far has finished (durable or refused) and returns the
   * durable seq covering them: what a flush must bring into the store.
   */
  async settle(): Promise<number> {
    const target = this.lastSeq;
    while (this.settledSeq < target) {
      await new Promise<void>((resolve) => {
        const off = this.onDurable(() => {
          off();
          resolve();
        });
      });
    }
    return Math.min(target, this.durable);
  }

  /** Called after each append batch finishes (durable or refused), and at close. Returns an unsubscribe. */
  onDurable(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Up to `max` durable records with seq > `afterSeq`, in order. Served from memory when it holds
   * them, otherwise from the segment files (replay after a restart, or a writer far behind).
   */
  async read(afterSeq: number, max: number): Promise<LogRead> {
    if (afterSeq >= this.durable || max <= 0) return { records: [], throughSeq: afterSeq };
    if (afterSeq + 1 >= this.tailFrom) return this.readMemory(afterSeq, max);
    this.counters.diskReads += 1;
    return this.readDisk(afterSeq, max);
  }

  /**
   * The store already holds everything up to `seq`: drop those records from memory and delete
   * segments that hold nothing newer (never the active one, whose name keeps the seq counter).
   */
  async release(throughSeq: number): Promise<void> {
    while (this.tail.length > 0) {
      const first = this.tail[0];
      const last = first?.records[first.records.length - 1];
      if (!first || !last || last.seq > throughSeq) break;
      this.tail.shift();
      this.tailBytes -= first.bytes;
    }
    let removed = 0;
    while (this.segments.length > 1) {
      const next = this.segments[1];
      const first = this.segments[0];
      if (!first || !next || next.firstSeq > throughSeq + 1) break;
      await unlink(first.file).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      if (this.cursor?.file === first.file) this.cursor = null;
      this.segments.shift();
      removed += 1;
    }
    if (removed > 0) await syncDir(this.dir);
  }

  /**
   * Makes the next seq larger than `seq` (the store's applied_seq), so new records are never
   * mistaken for applied ones when the log folder was removed or is behind the store. Must run
   * before the first append; startLogWriter calls it.
   */
  async startAfter(seq: number): Promise<void> {
    if (this.nextSeq > seq) return;
    if (this.appendedSinceOpen) {
      throw new Error(`startAfter(${seq}) came after appends; start the log writer before accepting events.`);
    }
    await this.flushing;
    const active = this.segments[this.segments.length - 1];
    await this.fd.close();
    if (active && this.activeSize === 0) {
      await unlink(active.file);
      this.segments.pop();
    }
    const file = segmentPath(this.dir, seq + 1);
    this.fd = await open(file, 'a');
    this.segments.push({ firstSeq: seq + 1, file });
    await syncDir(this.dir);
    this.activeSize = 0;
    this.nextSeq = seq + 1;
    this.durable = seq;
    this.tail = [];
    this.tailBytes = 0;
    this.tailFrom = seq + 1;
    this.cursor = null;
  }

  stats(): IngestLogStats {
    return {
      lastSeq: this.lastSeq,
      durableSeq: this.durable,
      ...this.counters,
      segments: this.segments.length,
      queuedRecords: this.tail.reduce((n, c) => n + c.records.length, 0),
      queuedBytes: this.tailBytes,
    };
  }

  /** Finishes the appends already accepted, then closes the active segment. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    await this.fd.close();
    await this.releaseLock();
    this.notify();
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      try {
        // The check and the reset happen in one synchronous step after the last await, so an
        // append can never find `flushing` set while nobody will pick up its batch.
        while (this.pending) {
          const batch = this.pending;
          this.pending = null;
          await this.writeBatch(batch);
        }
      } finally {
        this.flushing = null;
      }
    })();
  }

  private async writeBatch(batch: PendingBatch): Promise<void> {
    try {
      await this.writeOrRefuse(batch);
    } finally {
      const last = batch.records[batch.records.length - 1];
      if (last) this.settledSeq = last.seq;
      this.notify();
    }
  }

  private async writeOrRefuse(batch: PendingBatch): Promise<void> {
    if (this.failure) {
      for (const w of batch.waiters) w.reject(this.failure);
      return;
    }
    const active = this.segments[this.segments.length - 1];
    try {
      const first = batch.records[0];
      if (first && this.activeSize >= this.segmentBytes) await this.roll(first.seq);
      const data = batch.frames.length === 1 && batch.frames[0] ? batch.frames[0] : Buffer.concat(batch.frames, batch.bytes);
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.fd.write(data, written, data.length - written);
        written += bytesWritten;
      }
    } catch (err) {
      // Nothing was synced: cut the partial write off, refuse this batch, keep serving. The seqs
      // it took stay unused (readers accept gaps).
      const cut = await truncate(this.segments[this.segments.length - 1]?.file ?? '', this.activeSize).then(
        () => true,
        () => false,
      );
      const error = logDiskError('write', active?.file ?? this.dir, err);
      if (!cut) this.failure = error;
      for (const w of batch.waiters) w.reject(error);
      return;
    }
    try {
      await this.fd.datasync();
    } catch (err) {
      // After a failed fsync the kernel may have dropped the dirty pages: nothing written since the
      // last good sync can be trusted, so stop here and let a restart re-read what is on disk.
      this.failure = logDiskError('sync', active?.file ?? this.dir, err);
      for (const w of batch.waiters) w.reject(this.failure);
      return;
    }
    this.counters.fsyncs += 1;
    this.counters.bytesWritten += batch.bytes;
    this.activeSize += batch.bytes;
    const last = batch.records[batch.records.length - 1];
    if (last) this.durable = last.seq;
    this.remember(batch);
    for (const w of batch.waiters) w.resolve();
  }

  private async roll(firstSeq: number): Promise<void> {
    const file = segmentPath(this.dir, firstSeq);
    const fd = await open(file, 'a');
    await syncDir(this.dir);
    await this.fd.close();
    this.fd = fd;
    this.segments.push({ firstSeq, file });
    this.activeSize = 0;
  }

  private remember(batch: PendingBatch): void {
    this.tail.push({ records: batch.records, bytes: batch.bytes });
    this.tailBytes += batch.bytes;
    while (this.tailBytes > this.maxQueuedBytes && this.tail.length > 1) {
      const dropped = this.tail.shift();
      if (!dropped) break;
      this.tailBytes -= dropped.bytes;
      const last = dropped.records[dropped.records.length - 1];
      if (last) this.tailFrom = last.seq + 1;
    }
  }

  private readMemory(afterSeq: number, max: number): LogRead {
    const out: LogRecord[] = [];
    for (const chunk of this.tail) {
      const last = chunk.records[chunk.records.length - 1];
      if (!last || last.seq <= afterSeq) continue;
      const first = chunk.records[0];
      const start = first && first.seq > afterSeq ? 0 : afterSeq + 1 - (first?.seq ?? 0);
      for (let i = start; i < chunk.records.length && out.length < max; i++) {
        const record = chunk.records[i];
        if (record) out.push(record);
      }
      if (out.length >= max) break;
    }
    return { records: out, throughSeq: out[out.length - 1]?.seq ?? afterSeq };
  }

  private async readDisk(afterSeq: number, max: number): Promise<LogRead> {
    const out: LogRecord[] = [];
    let through = afterSeq;
    const wanted = afterSeq + 1;
    let index = 0;
    while (index + 1 < this.segments.length && (this.segments[index + 1]?.firstSeq ?? Infinity) <= wanted) index++;
    let reachedDurable = false;
    for (; index < this.segments.length && out.length < max && !reachedDurable; index++) {
      const segment = this.segments[index];
      if (!segment) break;
      const isActive = index === this.segments.length - 1;
      const resume = this.cursor?.file === segment.file && this.cursor.lastSeq <= afterSeq ? this.cursor : null;
      let lastSeq = resume?.lastSeq ?? null;
      let offset = resume?.offset ?? 0;
      const result = await scanSegment(
        segment.file,
        offset,
        resume ? resume.lastSeq + 1 : segment.firstSeq,
        (seq, payload, endOffset) => {
          if (seq > this.durable) {
            reachedDurable = true;
            return false;
          }
          lastSeq = seq;
          offset = endOffset;
          if (seq <= afterSeq) return true;
          through = seq;
          const event = decodeLogRecord(segment.file, seq, payload, this.warn);
          if (event) out.push({ seq, event });
          return out.length < max;
        },
        isActive ? this.activeSize : Number.POSITIVE_INFINITY,
      );
      if (lastSeq !== null) this.cursor = { file: segment.file, offset, lastSeq };
      if (result.problem && !isActive && out.length < max) {
        // Skip the unreadable rest: every seq in it is below the next segment's first.
        const nextFirst = this.segments[index + 1]?.firstSeq ?? through + 1;
        through = Math.max(through, Math.min(nextFirst - 1, this.durable));
        this.warn(
          `Ingest log segment ${segment.file} is damaged at byte ${result.problem.offset} (${result.problem.reason}); ` +
            'the records after that point in this segment cannot be read and are skipped. ' +
            'Check the disk; keep a copy of the file if you want to investigate.',
        );
      }
    }
    return { records: out, throughSeq: through };
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
