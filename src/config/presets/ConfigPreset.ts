import type { Funnel, MicroConversion } from '../../schema/config.ts';

/** Definitions midgoal ships with; merged under the user's own (same id: the user's wins). */
export interface ConfigPreset {
  id: string;
  microConversions: readonly MicroConversion[];
  funnels: readonly Funnel[];
}
