/**
 * An in-memory set of the keys (site, id, ts) stored in `events`, so a batch's "is any of these
 * stored already?" usually needs no scan of the table. Without it the probe reads site, id and ts
 * of every stored event in the batch's time span, for every batch: an import of events spread
 * over weeks read the whole table each time (~3.5 µs per event at 10M stored events).
 *
 * Each key is DuckDB's `hash(site, id, ts)`, computed by DuckDB on both sides (stored rows and
 * batch keys), so the set never disagrees with the table about what a key is; it lives only in
 * this process. It keeps 32 bits of each hash in an open-addressing table (linear probing) whose
 * slot comes from the other 32 bits: a key it does not hold is certainly not stored, and a new key
 * matches a stored one by chance about once in 500 million lookups (a Bloom filter of the same
 * memory answered "maybe" for ~1 key in 5,000 at full load, and each such answer costs a scan of
 * the stored times: at 10M events that was most of the import's time). The few keys it may hold
 * (real repeats, rare chance matches) are checked exactly in SQL by the caller.
 *
 * It stays exact by construction: it is loaded from the table when first needed (one scan) and
 * the inserter adds every key it inserts, before its transaction commits (a rollback leaves extra
 * keys: only false positives). Anything else that changes the row count (a delete, a rollback, a
 * write through another connection) is noticed by comparing `count(*)` (answered from metadata)
 * with the rows the set accounts for, and it is loaded again. The table is at most 3/4 full; when
 * a load sizes it, for at least twice the stored keys (fewer loads, each a scan of the table).
 * 4 bytes a slot: 64 MB at 10M events; past MAX_SLOTS the set turns itself off and every batch
 * takes the exact probe.
 */
import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';

const MIN_SLOTS = 1 << 20;
/** 128 MB of slots, ~25M keys. Past this the set is off and every batch takes the exact probe. */
const MAX_SLOTS = 1 << 25;
/** Most keys per slot before the table is loaded again, larger. */
const MAX_LOAD = 0.75;

/** hash(...) as two UINTEGER halves: numbers in JS, no BigInt per key. */
export const KEY_HASH_SQL = (expr: string): string =>
  `(${expr} >> 32)::UINTEGER AS hash_hi, (${expr} & 4294967295)::UINTEGER AS hash_lo`;

export class StoredKeyFilter {
  /** 32 bits of each key's hash (0 = empty slot); a key's first slot comes from its other 32 bits. */
  private slots: Uint32Array | null = null;
  /** Bits of `hi` that pick the first slot: log2(slots.length). */
  private slotBits = 0;
  private capacity = 0;
  /** Keys held (inserted rows since the load count once each; may count some rolled back). */
  private keys = 0;
  /** Rows of `events` the set accounts for: stored at load + inserted since. */
  private rows = 0;
  private disabled = false;
  /** Slots addIfNoneHeld wrote in its current call, to undo them. */
  private written = new Uint32Array(0);

  constructor(private readonly conn: DuckDBConnection) {}

  /** Whether keys are held now (ready() would not have to load). */
  get loaded(): boolean {
    return this.slots !== null;
  }

  /** Drops the keys; the next ready() loads them again. */
  invalidate(): void {
    this.slots = null;
    this.rows = 0;
    this.keys = 0;
  }

  /**
   * Makes the set hold every stored key; false when it is off (too many keys) and the caller
   * must probe the table for every key.
   */
  async ready(): Promise<boolean> {
    if (this.disabled) return false;
    const stored = await this.countRows();
    if (this.slots && stored === this.rows && this.keys <= this.capacity) return true;
    return this.load(stored);
  }

  /**
   * Adds `count` keys that the caller will insert, when the set is loaded, has room for them
   * without a load, and holds none of them yet: then none is stored, as far as the rows the set
   * accounts for go (the caller knows no other writer changed the table since; see
   * createEventInserter.ts claimNew). One probe per key, inserting as it goes; on a held key the
   * slots written by this call are emptied again (they were empty, and nothing else wrote since),
   * so the set is exactly as before and false is returned.
   */
  addIfNoneHeld(hi: Uint32Array, lo: Uint32Array, count: number): boolean {
    if (!this.slots || this.keys + count > this.capacity) return false;
    const slots = this.slots;
    const mask = slots.length - 1;
    const shift = 32 - this.slotBits;
    if (this.written.length < count) this.written = new Uint32Array(count);
    const written = this.written;
    for (let k = 0; k < count; k++) {
      const l = lo[k] as number;
      const print = l === 0 ? 1 : l;
      for (let at = (hi[k] as number) >>> shift; ; at = (at + 1) & mask) {
        const held = slots[at] as number;
        if (held === print) {
          // Undone in reverse order: a later key may sit in a run an earlier one started.
          for (let w = k - 1; w >= 0; w--) slots[written[w] as number] = 0;
          return false;
        }
        if (held === 0) {
          slots[at] = print;
          written[k] = at;
          break;
        }
      }
    }
    this.keys += count;
    this.rows += count;
    return true;
  }

  /** True when `(hi, lo)` may be stored; false means certainly not. */
  mayHold(hi: number, lo: number): boolean {
    const slots = this.slots as Uint32Array;
    const mask = slots.length - 1;
    const print = lo === 0 ? 1 : lo;
    for (let at = hi >>> (32 - this.slotBits); ; at = (at + 1) & mask) {
      const held = slots[at] as number;
      if (held === 0) return false;
      if (held === print) return true;
    }
  }

  /** Records keys the caller is inserting (hash halves at the same index). */
  add(hi: Uint32Array, lo: Uint32Array, count: number): void {
    if (!this.slots) return;
    // A huge batch could fill the table (and a full table never ends a probe): load it again, larger.
    if (this.keys + count > this.slots.length * 0.9) {
      this.invalidate();
      return;
    }
    for (let k = 0; k < count; k++) this.set(hi[k] as number, lo[k] as number);
    this.rows += count;
  }

  private set(hi: number, lo: number): void {
    const slots = this.slots as Uint32Array;
    const mask = slots.length - 1;
    const print = lo === 0 ? 1 : lo;
    for (let at = hi >>> (32 - this.slotBits); ; at = (at + 1) & mask) {
      const held = slots[at] as number;
      if (held === print) return;
      if (held === 0) {
        slots[at] = print;
        this.keys++;
        return;
      }
    }
  }

  private async countRows(): Promise<number> {
    const reader = await this.conn.runAndReadAll('SELECT count(*) FROM events');
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  }

  /** One scan of the stored keys into a table sized for at least twice as many (at least 1M slots). */
  private async load(stored: number): Promise<boolean> {
    this.slots = null;
    const wanted = Math.max(MIN_SLOTS, 2 ** Math.ceil(Math.log2(Math.max(1, (2 * stored) / MAX_LOAD))));
    const size = Math.min(wanted, MAX_SLOTS);
    // Room for this batch's keys too, or the table would be loaded again at once.
    if (stored >= size * MAX_LOAD * 0.9) {
      this.disabled = true;
      return false;
    }
    this.slotBits = Math.log2(size);
    this.capacity = Math.floor(size * MAX_LOAD);
    this.slots = new Uint32Array(size);
    this.keys = 0;
    this.rows = 0;
    const result = await this.conn.stream(`SELECT ${KEY_HASH_SQL('hash(site, id, ts)')} FROM events`);
    let loaded = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const [hi, lo] = [uint32Column(chunk, 0), uint32Column(chunk, 1)];
      for (let k = 0, rows = chunk.rowCount; k < rows; k++) this.set(hi[k] as number, lo[k] as number);
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
