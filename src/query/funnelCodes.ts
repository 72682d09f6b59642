/**
 * The one number per event that every funnel state machine reads: `seconds * STEP_CODE_SCALE +
 * bits`, where `seconds` is the event time in whole seconds since the epoch (ClickHouse's DateTime
 * resolution, so both engines see the same ties and window edges), bit k (k < 20) is set when the
 * event matches step k, and EXCLUSION_BIT when it matches an exclusion. Sorting codes is sorting by
 * (time, lowest step) — and all the machines merge the events of one second before looking at steps,
 * so within a second steps are taken in step order whatever the input order.
 */

/** Bits 0–19: steps (a funnel has at most 20). */
export const STEP_BITS = 0xfffff;
/** Bit 20: the event matches one of the funnel's exclusions. */
export const EXCLUSION_BIT = 0x100000;
/** Codes are `seconds * 2^21 + bits`: exact in a double until 2^32 s, the year 2106. */
export const STEP_CODE_SCALE = 2 ** 21;

/** One second of a unit's sorted codes (readSecond). */
export interface SecondGroup {
  seconds: number;
  /** The OR of the second's step and exclusion bits. */
  bits: number;
}

/**
 * Reads the codes of `codes[i]`'s second — every machine takes one second's events together, its
 * steps in step order (DESIGN.md) — into `into`, and returns the index after them. `into` is the
 * caller's reused object, so the machines' hot loops allocate nothing.
 */
export function readSecond(codes: Float64Array, length: number, i: number, into: SecondGroup): number {
  const first = codes[i] ?? 0;
  const seconds = Math.floor(first / STEP_CODE_SCALE);
  const base = seconds * STEP_CODE_SCALE;
  const next = base + STEP_CODE_SCALE;
  let bits = first - base;
  let j = i + 1;
  while (j < length) {
    const code = codes[j] ?? next;
    if (code >= next) break;
    bits |= code - base;
    j++;
  }
  into.seconds = seconds;
  into.bits = bits;
  return j;
}

/** Insertion sort is faster for the short, mostly time-ordered lists most units have. */
const INSERTION_SORT_MAX = 48;

/** Sorts `codes[0, length)` in place (ascending); already sorted lists cost one pass. */
export function sortCodes(codes: Float64Array, length: number): void {
  let sorted = true;
  for (let i = 1; i < length; i++) {
    if ((codes[i] ?? 0) < (codes[i - 1] ?? 0)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  if (length > INSERTION_SORT_MAX) {
    codes.subarray(0, length).sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const v = codes[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (codes[j] ?? 0) > v) {
      codes[j + 1] = codes[j] ?? 0;
      j--;
    }
    codes[j + 1] = v;
  }
}
