/**
 * Working memory for the funnel state machines, allocated once per query and grown on demand, so
 * evaluating a million units allocates (almost) nothing per unit.
 *
 * The machines record each step an attempt reaches as an entry in a pool: the attempt's start
 * (`start`), when it reached this step (`at`) and the entry of the step before (`parent`, -1 for a
 * first step). Following parents from the entry that reached the furthest step gives `reachedAt`.
 */
export class FunnelScratch {
  start = new Float64Array(0);
  at = new Float64Array(0);
  parent = new Int32Array(0);
  /** Per-level queues or attempt lists of entry ids (layout is the machine's own). */
  slots = new Int32Array(0);
  /** Per-level counters (queue heads/tails, last-seen times). */
  levelA = new Float64Array(0);
  levelB = new Float64Array(0);

  /**
   * Room for a unit of `length` codes and `stepCount` steps: one pool entry per (code, step) —
   * what the sequential machine can use; the strict one reserves more as it goes — and
   * `(length + 1) * stepCount` slots.
   */
  ensure(length: number, stepCount: number): void {
    const entries = length * stepCount + 1;
    if (this.start.length < entries) {
      const size = Math.max(entries, this.start.length * 2, 256);
      this.start = new Float64Array(size);
      this.at = new Float64Array(size);
      this.parent = new Int32Array(size);
    }
    const slots = (length + 1) * stepCount;
    if (this.slots.length < slots) this.slots = new Int32Array(Math.max(slots, this.slots.length * 2, 256));
    if (this.levelA.length < stepCount) {
      this.levelA = new Float64Array(stepCount);
      this.levelB = new Float64Array(stepCount);
    }
  }

  /** Room for at least `entries` pool entries, keeping the ones already written. */
  reserve(entries: number): void {
    if (this.start.length >= entries) return;
    const size = Math.max(entries, this.start.length * 2);
    const start = new Float64Array(size);
    const at = new Float64Array(size);
    const parent = new Int32Array(size);
    start.set(this.start);
    at.set(this.at);
    parent.set(this.parent);
    this.start = start;
    this.at = at;
    this.parent = parent;
  }

  /** Writes the chain ending at `entry` (which reached step `level - 1`) into `reachedAt`. */
  writeChain(entry: number, level: number, reachedAt: Float64Array): void {
    reachedAt.fill(NaN);
    let e = entry;
    for (let k = level - 1; k >= 0 && e >= 0; k--) {
      reachedAt[k] = this.at[e] ?? NaN;
      e = this.parent[e] ?? -1;
    }
  }
}
