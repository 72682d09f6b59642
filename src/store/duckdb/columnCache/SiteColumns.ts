/**
 * One site's events held in memory for funnels (DESIGN.md "Definitions change; events don't"):
 * per event only what a step made of event name / path / channel / device needs — the time and a
 * "shape" id (the distinct (name, path, channel, device) tuple) — grouped by visitor. A funnel then
 * costs one lookup per event (shape → step bits, computed by DuckDB over the few distinct shapes)
 * and the same state machines as the SQL path, with no per-query scan of the table.
 *
 * Layout: a compact CSR block (`offsets` by visitor ordinal, events time-sorted inside a visitor)
 * built in bulk, plus events that arrived later as per-visitor linked lists (`deltaHead` /
 * `deltaNext`), so a new batch costs O(batch) and no rebuild; `compact()` folds them in when they
 * grow.
 */

/** Bytes held per event and per visitor, for the memory estimate (MIDGOAL_FUNNEL_CACHE_MB). */
export const BYTES_PER_EVENT = 10;
/** Offsets, delta head and the id string (~40 B of text + V8 string and Map entry overhead). */
export const BYTES_PER_VISITOR = 120;

/** A distinct (name, path, channel, device) tuple of the site's events. */
export interface Shape {
  name: string;
  path: string | null;
  channel: string;
  device: string;
}

export class SiteColumns {
  /** Visitor id by ordinal. */
  readonly visitors: string[];
  private readonly visitorIndex = new Map<string, number>();
  readonly shapes: Shape[];
  private readonly shapeIndex = new Map<string, number>();
  /** Events of visitor v in the compact block: [offsets[v], offsets[v + 1]); v < offsets.length - 1. */
  offsets: Int32Array;
  /** Whole seconds since the epoch (events before 1970 or after 2106 are not cached). */
  sec: Uint32Array;
  /** Milliseconds within the second, 0–999. */
  msr: Uint16Array;
  shape: Int32Array;
  /** Later events: first delta index per visitor (-1: none), then `deltaNext`. */
  deltaHead: Int32Array;
  deltaNext = new Int32Array(1024);
  deltaSec = new Uint32Array(1024);
  deltaMsr = new Uint16Array(1024);
  deltaShape = new Int32Array(1024);
  deltaCount = 0;
  /** Events in the table (all sites) this copy has seen: rows with rowid < seenRows. */
  seenRows: number;
  /** Earliest and latest second of any event held (Infinity / -Infinity when none). */
  minSec = Infinity;
  maxSec = -Infinity;

  constructor(init: {
    visitors: string[];
    shapes: Shape[];
    offsets: Int32Array;
    sec: Uint32Array;
    msr: Uint16Array;
    shape: Int32Array;
    seenRows: number;
  }) {
    this.visitors = init.visitors;
    init.visitors.forEach((v, i) => this.visitorIndex.set(v, i));
    this.shapes = init.shapes;
    init.shapes.forEach((s, i) => this.shapeIndex.set(shapeKey(s), i));
    this.offsets = init.offsets;
    this.sec = init.sec;
    this.msr = init.msr;
    this.shape = init.shape;
    this.seenRows = init.seenRows;
    this.deltaHead = new Int32Array(Math.max(16, init.visitors.length)).fill(-1);
    const sec = init.sec;
    let min = Infinity;
    let max = -Infinity;
    for (let j = 0; j < sec.length; j++) {
      const s = sec[j] ?? 0;
      if (s < min) min = s;
      if (s > max) max = s;
    }
    this.minSec = min;
    this.maxSec = max;
  }

  get eventCount(): number {
    return this.sec.length + this.deltaCount;
  }

  /** Bytes held, by the same estimate used to refuse a build. */
  get estimatedBytes(): number {
    return this.eventCount * BYTES_PER_EVENT + this.visitors.length * BYTES_PER_VISITOR;
  }

  /** Ordinal of a visitor, adding it when new. */
  visitorOrdinal(id: string): number {
    let v = this.visitorIndex.get(id);
    if (v === undefined) {
      v = this.visitors.length;
      this.visitors.push(id);
      this.visitorIndex.set(id, v);
      if (v >= this.deltaHead.length) {
        const grown = new Int32Array(this.deltaHead.length * 2).fill(-1);
        grown.set(this.deltaHead);
        this.deltaHead = grown;
      }
    }
    return v;
  }

  /** Id of a shape, adding it when new. */
  shapeId(s: Shape): number {
    const key = shapeKey(s);
    let id = this.shapeIndex.get(key);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push(s);
      this.shapeIndex.set(key, id);
    }
    return id;
  }

  /** Adds one later event (O(1)). */
  addEvent(visitor: number, ms: number, shape: number): void {
    const d = this.deltaCount;
    if (d === this.deltaNext.length) this.growDelta();
    const sec = Math.floor(ms / 1000);
    this.deltaSec[d] = sec;
    this.deltaMsr[d] = ms - sec * 1000;
    this.deltaShape[d] = shape;
    if (sec < this.minSec) this.minSec = sec;
    if (sec > this.maxSec) this.maxSec = sec;
    this.deltaNext[d] = this.deltaHead[visitor] ?? -1;
    this.deltaHead[visitor] = d;
    this.deltaCount = d + 1;
  }

  /** Folds the later events into the compact block (O(events)); visitor ordinals do not change. */
  compact(): void {
    const visitors = this.visitors.length;
    const total = this.eventCount;
    const offsets = new Int32Array(visitors + 1);
    const sec = new Uint32Array(total);
    const msr = new Uint16Array(total);
    const shape = new Int32Array(total);
    const mainVisitors = this.offsets.length - 1;
    let at = 0;
    for (let v = 0; v < visitors; v++) {
      offsets[v] = at;
      const begin = at;
      if (v < mainVisitors) {
        const end = this.offsets[v + 1] ?? 0;
        for (let j = this.offsets[v] ?? 0; j < end; j++, at++) {
          sec[at] = this.sec[j] ?? 0;
          msr[at] = this.msr[j] ?? 0;
          shape[at] = this.shape[j] ?? 0;
        }
      }
      for (let d = this.deltaHead[v] ?? -1; d >= 0; d = this.deltaNext[d] ?? -1, at++) {
        sec[at] = this.deltaSec[d] ?? 0;
        msr[at] = this.deltaMsr[d] ?? 0;
        shape[at] = this.deltaShape[d] ?? 0;
      }
      sortSlice(sec, msr, shape, begin, at);
    }
    offsets[visitors] = at;
    this.offsets = offsets;
    this.sec = sec;
    this.msr = msr;
    this.shape = shape;
    this.deltaHead.fill(-1);
    this.deltaCount = 0;
  }

  private growDelta(): void {
    const size = this.deltaNext.length * 2;
    const next = new Int32Array(size);
    next.set(this.deltaNext);
    this.deltaNext = next;
    const sec = new Uint32Array(size);
    sec.set(this.deltaSec);
    this.deltaSec = sec;
    const msr = new Uint16Array(size);
    msr.set(this.deltaMsr);
    this.deltaMsr = msr;
    const shape = new Int32Array(size);
    shape.set(this.deltaShape);
    this.deltaShape = shape;
  }
}

/** Unambiguous key of a shape (JSON keeps null apart from any text). */
export function shapeKey(s: Shape): string {
  return JSON.stringify([s.name, s.path, s.channel, s.device]);
}

/**
 * Sorts events [begin, end) by time (insertion sort: one visitor's events, mostly in order), so
 * the machines' own sort finds them sorted at query time.
 */
export function sortSlice(sec: Uint32Array, msr: Uint16Array, shape: Int32Array, begin: number, end: number): void {
  for (let i = begin + 1; i < end; i++) {
    const s = sec[i] ?? 0;
    const m = msr[i] ?? 0;
    const h = shape[i] ?? 0;
    let j = i - 1;
    while (j >= begin && ((sec[j] ?? 0) > s || ((sec[j] ?? 0) === s && (msr[j] ?? 0) > m))) {
      sec[j + 1] = sec[j] ?? 0;
      msr[j + 1] = msr[j] ?? 0;
      shape[j + 1] = shape[j] ?? 0;
      j--;
    }
    sec[j + 1] = s;
    msr[j + 1] = m;
    shape[j + 1] = h;
  }
}
