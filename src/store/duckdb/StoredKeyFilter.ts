/**
 * An in-memory Bloom filter of the keys (site, id, ts) stored in `events`, so a batch's "is any of
 * these stored already?" usually needs no scan of the table. Without it the probe reads site, id
 * and ts of every stored event in the batch's time span, for every batch: an import of events
 * spread over weeks read the whole table each time (~3.5 µs per event at 10M stored events).
 *
 * A key the filter does not hold is certainly not stored; the few keys it may hold (false
 * positives, and real repeats) are checked exactly in SQL by the caller. The key is DuckDB's
 * `hash(site, id, ts)`, computed by DuckDB on both sides (stored rows and batch keys), so the
 * filter never disagrees with the table about what a key is; it lives only in this process.
 *
 * It stays exact by construction: it is loaded from the table when first needed (one scan) and
 * the inserter adds every key it inserts, before its transaction commits (a rollback leaves extra
 * keys: only false positives). Anything else that changes the row count (a delete, a rollback, a
 * write through another connection) is noticed by comparing `count(*)` (answered from metadata)
 * with the rows the filter accounts for, and the filter is loaded again. 20 bits per key at full
 * capacity (blocked: the 8 bits of a key share one cache line), capacity grown 4× (and loaded
 * again) when reached; past MAX_BITS the filter turns itself
 * off and every batch takes the exact probe, as before.
 */
import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';

const BITS_PER_KEY = 20;
/** Bits set per key, all in one 512-bit block (one cache line): one memory miss per key. */
const HASHES = 8;
const BLOCK_BITS = 512;
const MIN_CAPACITY = 1 << 20;
/** Capacity grows 4× at a time: fewer reloads (each scans the table) for a little more memory. */
const GROWTH = 4;
/** 64 MB of bits (~26M keys). Past this the filter is off and every batch takes the exact probe. */
const MAX_BITS = 2 ** 29;

/** hash(...) as two UINTEGER halves: numbers in JS, no BigInt per key. */
export const KEY_HASH_SQL = (expr: string): string =>
  `(${expr} >> 32)::UINTEGER AS hash_hi, (${expr} & 4294967295)::UINTEGER AS hash_lo`;

export class StoredKeyFilter {
  private bits: Uint32Array | null = null;
  private blocks = 0;
  private capacity = 0;
  /** Keys added since the load (inserted rows; may count some rolled back). */
  private keys = 0;
  /** Rows of `events` the filter accounts for: stored at load + inserted since. */
  private rows = 0;
  private disabled = false;

  constructor(private readonly conn: DuckDBConnection) {}

  /** Whether keys are held now (ready() would not have to load). */
  get loaded(): boolean {
    return this.bits !== null;
  }

  /** Drops the keys; the next ready() loads them again. */
  invalidate(): void {
    this.bits = null;
    this.rows = 0;
    this.keys = 0;
  }

  /**
   * Makes the filter hold every stored key; false when it is off (too many keys) and the caller
   * must probe the table for every key.
   */
  async ready(): Promise<boolean> {
    if (this.disabled) return false;
    const stored = await this.countRows();
    if (this.bits && stored === this.rows && stored <= this.capacity) return true;
    return this.load(stored);
  }

  /** True when `(hi, lo)` may be stored; false means certainly not. */
  mayHold(hi: number, lo: number): boolean {
    const bits = this.bits as Uint32Array;
    const base = (hi % this.blocks) * BLOCK_BITS;
    const step = ((hi >>> 16) ^ lo) | 1;
    for (let i = 0; i < HASHES; i++) {
      const at = base + ((lo + Math.imul(i, step)) & (BLOCK_BITS - 1));
      if (((bits[at >>> 5] as number) & (1 << (at & 31))) === 0) return false;
    }
    return true;
  }

  /** Records keys the caller is inserting (hash halves at the same index). */
  add(hi: Uint32Array, lo: Uint32Array, count: number): void {
    if (!this.bits) return;
    for (let k = 0; k < count; k++) this.set(hi[k] as number, lo[k] as number);
    this.keys += count;
    this.rows += count;
  }

  private set(hi: number, lo: number): void {
    const bits = this.bits as Uint32Array;
    const base = (hi % this.blocks) * BLOCK_BITS;
    const step = ((hi >>> 16) ^ lo) | 1;
    for (let i = 0; i < HASHES; i++) {
      const at = base + ((lo + Math.imul(i, step)) & (BLOCK_BITS - 1));
      bits[at >>> 5] = (bits[at >>> 5] as number) | (1 << (at & 31));
    }
  }

  private async countRows(): Promise<number> {
    const reader = await this.conn.runAndReadAll('SELECT count(*) FROM events');
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  }

  /** One scan of the stored keys into a filter sized for twice as many (at least 1M). */
  private async load(stored: number): Promise<boolean> {
    this.bits = null;
    const wanted = Math.max(MIN_CAPACITY, 2 ** Math.ceil(Math.log2(Math.max(1, GROWTH * stored))));
    const capacity = Math.min(wanted, Math.floor(MAX_BITS / BITS_PER_KEY));
    if (stored >= capacity) {
      this.disabled = true;
      return false;
    }
    this.capacity = capacity;
    this.blocks = Math.ceil((capacity * BITS_PER_KEY) / BLOCK_BITS);
    this.bits = new Uint32Array((this.blocks * BLOCK_BITS) / 32);
    this.keys = 0;
    this.rows = 0;
    const result = await this.conn.stream(`SELECT ${KEY_HASH_SQL('hash(site, id, ts)')} FROM events`);
    let loaded = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const [hi, lo] = [uint32Column(chunk, 0), uint32Column(chunk, 1)];
      for (let k = 0; k < chunk.rowCount; k++) this.set(hi[k] as number, lo[k] as number);
      loaded += chunk.rowCount;
    }
    // Rows the scan saw; a concurrent writer would make the next count differ and load again.
    this.rows = loaded;
    return true;
  }
}

/** Column `index` of a chunk of non-NULL UINTEGERs, as a typed array. */
export function uint32Column(chunk: DuckDBDataChunk, index: number): Uint32Array {
  const n = chunk.rowCount;
  const data = duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk.chunk, index), n * 4);
  return new Uint32Array(data.buffer, data.byteOffset, n);
}
