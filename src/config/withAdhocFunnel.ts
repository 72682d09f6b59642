/**
 * A funnel sent in an API request, evaluated against the server's configuration: the request's own
 * micro-conversions come first (and replace the server's of the same id), then everything the server
 * already knows (its midgoal.yaml and the presets). Problems are reported with paths into the
 * request body (`funnel.window`, `microConversions[0].match.props.price`).
 */
import { ConfigError, type ConfigProblem } from './ConfigError.ts';
import { configFromObject } from './configFromObject.ts';
import type { LoadedConfig } from './LoadedConfig.ts';

export interface AdhocFunnelBody {
  funnel: unknown;
  microConversions?: unknown;
}

export function withAdhocFunnel(loaded: LoadedConfig, body: AdhocFunnelBody): LoadedConfig {
  const own = Array.isArray(body.microConversions) ? body.microConversions : [];
  const ownIds = new Set(own.map((m: unknown) => (typeof m === 'object' && m !== null && 'id' in m ? m.id : undefined)));
  const raw = {
    sites: loaded.config.sites,
    microConversions: [...own, ...loaded.config.microConversions.filter((m) => !ownIds.has(m.id))],
    funnels: [body.funnel],
    demo: loaded.config.demo,
  };
  if (body.microConversions !== undefined && !Array.isArray(body.microConversions)) {
    throw new ConfigError([problem('microConversions', 'must be a list of micro-conversion definitions')]);
  }
  try {
    return configFromObject(raw, 'request body');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // Only the request's own parts can be wrong: the server's part loaded before.
    throw new ConfigError(err.problems.map((p) => ({ ...p, field: renameField(p.field) })));
  }
}

function renameField(field: string | null): string | null {
  return field === null ? null : field.replace(/^funnels\[0\]/, 'funnel');
}

function problem(field: string, message: string): ConfigProblem {
  return { file: 'request body', line: null, col: null, field, message };
}
