/**
 * The grouped counts the funnel cache fills: a flat tally of units per (group, level), and the
 * groups of first-step seconds for trends (`bucketOf` called once per quarter hour that has units,
 * through a typed lookup, not once per unit).
 */
import { cumulativeCounts } from '../funnelCounts.ts';

/** Seconds in a quarter hour: every zone offset is a multiple, so no local day splits one. */
export const QUARTER_HOUR = 900;
/** Quarter hours looked up in a typed array (4 MB, 30 years); wider copies use a map. */
const MAX_SLOT_TABLE = 2 ** 20;

/** Units per group and level: counts[group * width + level], width = steps + 1. */
export class GroupTally {
  counts: Int32Array;

  constructor(
    readonly width: number,
    groups = 1,
  ) {
    this.counts = new Int32Array(Math.max(1, groups) * width);
  }

  /** The counts array, grown to hold `group` (a new array: callers keeping one must take this). */
  ensure(group: number): Int32Array {
    const need = (group + 1) * this.width;
    if (need > this.counts.length) {
      const grown = new Int32Array(Math.max(need, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    return this.counts;
  }

  add(group: number, level: number): void {
    const counts = this.ensure(group);
    const at = group * this.width + level;
    counts[at] = (counts[at] ?? 0) + 1;
  }

  /** Units reaching each step (level-0 units left out), or null when the group has none. */
  cumulative(group: number): number[] | null {
    if ((group + 1) * this.width > this.counts.length) return null;
    const counts = cumulativeCounts(Array.from(this.counts.subarray(group * this.width, (group + 1) * this.width)));
    return (counts[0] ?? 0) > 0 ? counts : null;
  }
}

/**
 * Group (dense index) per trend bucket of a first-step second, `bucketOf(its quarter hour's
 * start)`: as documented on EventStore.funnelBucketCounts, a bucket must not split a quarter hour.
 */
export class SlotGroups {
  /** Bucket of each group, in order of first use. */
  readonly buckets: number[] = [];
  /** Earliest quarter hour seen per group, to list buckets in time order. */
  readonly firstSlot: number[] = [];
  private readonly groupOfBucket = new Map<number, number>();
  private readonly table: Int32Array;
  private readonly minSlot: number;
  private readonly bySlot = new Map<number, number>();

  /** `minSecond`/`maxSecond` bound the seconds asked (any others still work, through a map). */
  constructor(
    private readonly bucketOf: (second: number) => number,
    minSecond: number,
    maxSecond: number,
  ) {
    const minSlot = Math.floor(minSecond / QUARTER_HOUR);
    const slots = Math.floor(maxSecond / QUARTER_HOUR) - minSlot + 1;
    const dense = Number.isFinite(slots) && slots > 0 && slots <= MAX_SLOT_TABLE;
    this.minSlot = dense ? minSlot : 0;
    this.table = new Int32Array(dense ? slots : 0).fill(-1);
  }

  groupOf(second: number): number {
    const slot = Math.floor(second / QUARTER_HOUR);
    const i = slot - this.minSlot;
    if (i >= 0 && i < this.table.length) {
      const known = this.table[i] ?? -1;
      if (known >= 0) return known;
      const group = this.resolve(slot);
      this.table[i] = group;
      return group;
    }
    let group = this.bySlot.get(slot);
    if (group === undefined) {
      group = this.resolve(slot);
      this.bySlot.set(slot, group);
    }
    return group;
  }

  /** Groups in the order of their earliest quarter hour. */
  inTimeOrder(): number[] {
    return this.buckets.map((_, g) => g).sort((a, b) => (this.firstSlot[a] ?? 0) - (this.firstSlot[b] ?? 0));
  }

  private resolve(slot: number): number {
    const bucket = this.bucketOf(slot * QUARTER_HOUR);
    let group = this.groupOfBucket.get(bucket);
    if (group === undefined) {
      group = this.buckets.length;
      this.buckets.push(bucket);
      this.firstSlot.push(slot);
      this.groupOfBucket.set(bucket, group);
    } else if (slot < (this.firstSlot[group] ?? slot)) {
      this.firstSlot[group] = slot;
    }
    return group;
  }
}
