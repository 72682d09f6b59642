/**
 * Adds the built-in presets and the demo site to a user's validated config, so consumers find
 * every definition in `config.microConversions`, `config.funnels` and `config.sites`.
 */
import type { Config, Site } from '../schema/config.ts';
import { BUILT_IN_PRESETS } from './presets/builtInPresets.ts';
import type { ConfigPreset } from './presets/ConfigPreset.ts';
import { DEMO_SITE } from './demoSite.ts';

export function mergeDefaults(user: Config, presets: readonly ConfigPreset[] = BUILT_IN_PRESETS): Config {
  return {
    ...user,
    sites: sitesWithDemo(user),
    microConversions: overlay(
      presets.flatMap((p) => p.microConversions),
      user.microConversions,
    ),
    funnels: overlay(
      presets.flatMap((p) => p.funnels),
      user.funnels,
    ),
  };
}

/** The user's sites, then the demo site unless turned off or replaced by a user site `demo`. */
function sitesWithDemo(user: Config): Site[] {
  if (!user.demo || user.sites.some((s) => s.id === DEMO_SITE.id)) return [...user.sites];
  return [...user.sites, DEMO_SITE];
}

/** Preset order first with the user's replacements in place, then the user's new entries. */
function overlay<T extends { id: string }>(base: readonly T[], own: readonly T[]): T[] {
  const ownById = new Map(own.map((x) => [x.id, x]));
  const baseIds = new Set(base.map((x) => x.id));
  return [...base.map((x) => ownById.get(x.id) ?? x), ...own.filter((x) => !baseIds.has(x.id))];
}
