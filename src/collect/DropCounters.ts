import { DROP_REASONS, type DropReason } from './dropReasons.ts';

/** Dropped-event counts per reason, shared by every collect route and printed by /health. */
export class DropCounters {
  readonly #counts: Record<DropReason, number> = emptyCounts();

  /** Adds `n` drops for `reason` (n defaults to 1). */
  add(reason: DropReason, n = 1): void {
    this.#counts[reason] += n;
  }

  get(reason: DropReason): number {
    return this.#counts[reason];
  }

  /** A plain copy, e.g. `{ invalid: 2, unknown_site: 0, bot: 17, … }`, safe to JSON-encode. */
  toJSON(): Record<DropReason, number> {
    return { ...this.#counts };
  }
}

function emptyCounts(): Record<DropReason, number> {
  const counts = {} as Record<DropReason, number>;
  for (const reason of DROP_REASONS) counts[reason] = 0;
  return counts;
}
