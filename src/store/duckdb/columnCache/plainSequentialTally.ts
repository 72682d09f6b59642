/**
 * The plain sequential funnel (one window, no per-step windows, no exclusions — the dashboard's
 * default) counted straight over the compact block into a flat tally, `counts[group * (stepCount
 * + 1) + level]`, with no per-visitor result and no call per visitor. The group is 0, the group of
 * the counted attempt's first-step shape (breakdown), or the group of its first-step second
 * (trend buckets, SlotGroups).
 *
 * Two passes per visitor, both without data-dependent branches, which cost more than the rest of
 * the work (a mispredicted "is this a step?" per event was half the time of the old fused loop):
 *  1. gather: every event's seconds (relative to the copy's earliest, so int32) and step index go
 *     to a small buffer whose end advances by 1 only for step events in the range;
 *  2. the state machine over the buffer, with selects done by arithmetic: `st[k + 1]` is the
 *     start of the newest chain at step k (`st[0]` the current second), written only when the
 *     step extends a chain (else to a scratch cell), and the level rises when k equals it.
 * This is windowFunnelLevel.ts's machine (and plainSequentialFirstSteps.ts's) when each second
 * holds at most one step event matching one step. A visitor where two step events share a second
 * (their steps must then be taken in step order, not event order), or where a shape matches
 * several steps, is sent to `slow`, as are visitors with later (unsorted) events, so the results
 * are those of the exact loops in every case.
 */
import { STEP_BITS } from '../../../query/funnelCodes.ts';
import type { SiteColumns } from './SiteColumns.ts';
import type { GroupTally, SlotGroups } from './tallyGroups.ts';

/** Seconds spans (and windows) up to this keep every difference below in int32. */
const MAX_SPAN = 2 ** 30 - 1;
/** st index written when a step extends no chain; above any step (at most 20). */
const SCRATCH = 32;
/** Breakdown groups fit in the 16 bits above the step's in a shape's info. */
const MAX_GROUPS = 2 ** 15;
/** Step index stored for a shape matching several steps: ≥ stepCount, so it flags the visitor. */
const SEVERAL = 31;

export interface TallyGrouping {
  /** Group per shape of the first-step event (breakdown), or null. */
  groupOfShape: Int32Array | null;
  /** Groups by first-step second (trend), or null. Ignored when groupOfShape is set. */
  slots: SlotGroups | null;
}

/**
 * Tallies every visitor of the compact block with a step-matching event in the range (level-0
 * units in group 0); every other visitor (later events, ties in a second, several steps per shape,
 * or all of them when the copy spans more than 34 years) goes to `slow`, which must tally it.
 */
export function plainSequentialTally(
  columns: SiteColumns,
  codeOf: Int32Array,
  stepCount: number,
  windowSeconds: number,
  range: { from?: number; to?: number },
  grouping: TallyGrouping,
  tally: GroupTally,
  slow: (visitor: number) => void,
): void {
  const { offsets, sec, msr, shape, deltaHead } = columns;
  const mainVisitors = offsets.length - 1;
  const visitors = columns.visitors.length;
  const base = columns.minSec;
  const fast =
    Number.isFinite(base) &&
    columns.maxSec - base <= MAX_SPAN &&
    Number.isInteger(windowSeconds) &&
    windowSeconds >= 0 &&
    stepCount <= 20 &&
    codeOf.length >= columns.shapes.length &&
    (grouping.groupOfShape ?? []).every((g) => g >= 0 && g < MAX_GROUPS);
  if (!fast) {
    for (let v = 0; v < visitors; v++) slow(v);
    return;
  }
  const win = Math.min(windowSeconds, MAX_SPAN + 1) | 0;
  const baseBits = base | 0;
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const ranged = range.from !== undefined || range.to !== undefined;
  const { groupOfShape, slots } = grouping;
  const byShape = groupOfShape !== null;
  const bySecond = !byShape && slots !== null;

  // Per shape, in one table (each typed array costs loads per access in the loop): the group
  // (breakdown) << 16 | 1 << 8 for step events | the step index (or SEVERAL).
  const shapes = codeOf.length;
  const info = new Int32Array(shapes);
  for (let sh = 0; sh < shapes; sh++) {
    const bits = (codeOf[sh] ?? 0) & STEP_BITS;
    const k = 31 - Math.clz32(bits & -bits);
    const step = bits === 0 ? 0 : 256 | ((bits & (bits - 1)) !== 0 || k >= stepCount ? SEVERAL : k);
    info[sh] = (byShape ? (groupOfShape[sh] ?? 0) << 16 : 0) | step;
  }

  const width = stepCount + 1;
  let counts = tally.ensure(0);
  const st = new Int32Array(SCRATCH + 2);
  const sg = new Int32Array(SCRATCH + 2);
  // Step events of one visitor: relative second, then info, interleaved.
  let size = 256;
  let buf = new Int32Array(2 * size);
  for (let v = 0; v < visitors; v++) {
    if (v >= mainVisitors || (deltaHead[v] ?? -1) >= 0) {
      slow(v);
      counts = tally.counts;
      continue;
    }
    const begin = offsets[v] ?? 0;
    const end = offsets[v + 1] ?? 0;
    if (end - begin > size) {
      size = 2 * (end - begin);
      buf = new Int32Array(2 * size);
    }
    // 1. Gather the step events (m counts 2 per event).
    let m = 0;
    if (!ranged) {
      for (let j = begin; j < end; j++) {
        const about = info[shape[j] ?? 0] ?? 0;
        // Wrapping int32 difference: exact, as the true one is below 2^30.
        buf[m] = (((sec[j] ?? 0) | 0) - baseBits) | 0;
        buf[m + 1] = about;
        m += (about >>> 7) & 2;
      }
    } else {
      for (let j = begin; j < end; j++) {
        const about = info[shape[j] ?? 0] ?? 0;
        const s = sec[j] ?? 0;
        buf[m] = ((s | 0) - baseBits) | 0;
        buf[m + 1] = about;
        const ms = s * 1000 + (msr[j] ?? 0);
        if (ms >= from && ms < to) m += (about >>> 7) & 2;
      }
    }
    if (m === 0) continue;
    // 2. The machine. `last` starts above any relative second, so the first event is no tie.
    let level = 0;
    let last = 0x7fffffff;
    let odd = 0;
    let firstS = 0;
    let firstG = 0;
    let i = 0;
    for (; i < m && level < stepCount; i += 2) {
      const rs = buf[i] ?? 0;
      const about = buf[i + 1] ?? 0;
      const k = about & 255;
      // A tie with the previous step event, or a shape matching several steps: exact loop.
      odd |= (((rs ^ last) - 1) >>> 31) | ((stepCount - 1 - k) >>> 31);
      last = rs;
      st[0] = rs;
      const prev = st[k] ?? 0;
      // 1 when the step is within the window of the chain it would extend (always for step 0).
      const inWindow = ((prev + win - rs) >>> 31) ^ 1;
      // 1 when that chain exists (k <= level) too: the step extends it.
      const extends_ = ((k - level - 1) >>> 31) & inWindow;
      const at = (k - SCRATCH) * extends_ + SCRATCH + 1;
      st[at] = prev;
      // 1 when it also is the next level.
      const rises = (((k ^ level) - 1) >>> 31) & inWindow;
      level += rises;
      if (byShape) {
        sg[0] = about >>> 16;
        const g = sg[k] ?? 0;
        sg[at] = g;
        firstG ^= (firstG ^ g) & -rises;
      } else if (bySecond) {
        firstS ^= (firstS ^ prev) & -rises;
      }
    }
    // Stopped at the last step: a tie with the next event would have merged into that second.
    if (i < m && buf[i] === buf[i - 2]) odd = 1;
    if (odd !== 0) {
      slow(v);
      counts = tally.counts;
      continue;
    }
    let group = 0;
    if (level > 0) {
      if (byShape) group = firstG;
      else if (slots) {
        group = slots.groupOf(firstS + base);
        if ((group + 1) * width > counts.length) counts = tally.ensure(group);
      }
    }
    const at = group * width + level;
    counts[at] = (counts[at] ?? 0) + 1;
  }
}
