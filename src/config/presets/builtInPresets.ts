import type { ConfigPreset } from './ConfigPreset.ts';
import { standardShop } from './standardShop.ts';

/**
 * Presets merged into every configuration, in this order. New presets (engagement and aggregate
 * micro-conversions) are added here; ids must not collide across presets (a test checks).
 */
export const BUILT_IN_PRESETS: readonly ConfigPreset[] = [standardShop];
