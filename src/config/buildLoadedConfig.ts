/**
 * The shared tail of loadConfig and configFromObject: schema check, then references and impossible
 * match conditions, defaults.
 * Every problem found is reported at once in one ConfigError.
 */
import { ConfigError } from './ConfigError.ts';
import type { ConfigProblem } from './ConfigError.ts';
import type { LoadedConfig } from './LoadedConfig.ts';
import type { Locator } from './yamlLocator.ts';
import type { FieldIssue } from './validateShape.ts';
import { validateShape } from './validateShape.ts';
import { checkReferences } from './checkReferences.ts';
import { checkMatchConditions } from './checkMatchConditions.ts';
import { mergeDefaults } from './mergeDefaults.ts';
import { formatFieldPath } from './formatFieldPath.ts';

export interface ConfigSource {
  /** Name shown in messages (`midgoal.yaml`). */
  file: string;
  /** Absolute path, or null for defaults / in-memory objects. */
  path: string | null;
  /** Finds a field in the source; absent for plain objects, which have no lines. */
  locate?: Locator;
}

export function buildLoadedConfig(raw: unknown, source: ConfigSource): LoadedConfig {
  const shape = validateShape(withoutEmptySections(raw));
  if (!shape.ok) throw new ConfigError(toProblems(shape.issues, source));

  const config = mergeDefaults(shape.config);
  const refs = [...checkReferences(shape.config, config), ...checkMatchConditions(shape.config)];
  if (refs.length > 0) throw new ConfigError(toProblems(refs, source));

  return { config, path: source.path, sites: new Map(config.sites.map((s) => [s.id, s])) };
}

/**
 * An empty file, or a section left empty (`sites:` with its entries commented out), means
 * "defaults" rather than a type error.
 */
function withoutEmptySections(raw: unknown): unknown {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
}

function toProblems(issues: readonly FieldIssue[], source: ConfigSource): ConfigProblem[] {
  const problems = issues.map((iss): ConfigProblem => {
    const pos = source.locate?.(iss.path) ?? null;
    return {
      file: source.file,
      line: pos?.line ?? null,
      col: pos?.col ?? null,
      field: formatFieldPath(iss.path),
      message: iss.message,
    };
  });
  // In file order, so the list reads top to bottom like the file (sort is stable for ties).
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
