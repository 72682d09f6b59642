/**
 * One entry point for the per-unit funnel state machines: picks the machine for the order mode,
 * owns the scratch memory, sorts each unit's codes and skips the units whose answer is plain from
 * the OR of their step masks. Both engines' paths (DuckDB lists, ClickHouse groupArray lists) feed
 * units through this, so their levels agree by construction.
 */
import { sortCodes } from './funnelCodes.ts';
import { anyFunnelLevel } from './funnelAny.ts';
import type { FunnelSpec } from './funnelQuerySchema.ts';
import { FunnelScratch } from './funnelScratch.ts';
import { sequentialFunnelLevel } from './funnelSequential.ts';
import { strictFunnelLevel } from './funnelStrict.ts';
import { windowFunnelLevel } from './windowFunnelLevel.ts';

type Machine = typeof sequentialFunnelLevel;

const MACHINES: Record<FunnelSpec['order'], Machine> = {
  sequential: sequentialFunnelLevel,
  strict: strictFunnelLevel,
  any: anyFunnelLevel,
};

export interface FunnelMachine {
  /**
   * Level (0 … steps) of one unit. `codes[0, length)` are the unit's codes in any order (sorted in
   * place); `seen` is the OR of their step bits. With `reachedAt`, also the seconds at which the
   * counted attempt reached each step (NaN past the level).
   */
  level(codes: Float64Array, length: number, seen: number, reachedAt: Float64Array | null): number;
}

export function createFunnelMachine(spec: FunnelSpec): FunnelMachine {
  const machine = MACHINES[spec.order];
  const scratch = new FunnelScratch();
  // windowFunnelLevel is the tuned path for the plain sequential funnel behind the dashboard.
  const plain = spec.order === 'sequential' && !spec.hasExclusions && spec.stepWindows.every((w, k) => k === 0 || w === Infinity);
  const starts = new Float64Array(spec.stepCount);
  return {
    level(codes, length, seen, reachedAt) {
      if (reachedAt === null && (seen & 3) !== 3) {
        // Without both of the first two steps, order, windows and exclusions cannot matter: a
        // lone first step is a chain of one, in every mode.
        return seen & 1;
      }
      if ((seen & 1) === 0) {
        reachedAt?.fill(NaN);
        return 0;
      }
      // (windowFunnelLevel sorts for itself.)
      if (plain && reachedAt === null) return windowFunnelLevel(codes, length, spec.stepCount, spec.windowSeconds, starts);
      sortCodes(codes, length);
      return machine(codes, length, spec, scratch, reachedAt);
    },
  };
}
