/**
 * Reads midgoal.yaml at server start (`midgoal serve --config FILE`, `MIDGOAL_CONFIG`, or
 * `./midgoal.yaml`), validates it and merges the built-in presets and demo site. Any mistake
 * throws one ConfigError listing every problem as `midgoal.yaml:12:5 funnels[0].window: …`.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from './ConfigError.ts';
import type { ConfigProblem } from './ConfigError.ts';
import type { LoadedConfig } from './LoadedConfig.ts';
import { buildLoadedConfig } from './buildLoadedConfig.ts';
import { configFromYaml } from './configFromYaml.ts';
import { CONFIG_ENV_VAR, resolveConfigPath } from './resolveConfigPath.ts';

export type { LoadedConfig } from './LoadedConfig.ts';
export { ConfigError, formatProblem } from './ConfigError.ts';
export type { ConfigProblem } from './ConfigError.ts';
export { configFromObject } from './configFromObject.ts';
export { configFromYaml } from './configFromYaml.ts';
export { findFunnel } from './findFunnel.ts';
export { funnelsForSite } from './funnelsForSite.ts';

export interface LoadConfigOptions {
  /** Environment to read MIDGOAL_CONFIG from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths and ./midgoal.yaml are resolved against (default process.cwd()). */
  cwd?: string;
}

export async function loadConfig(path?: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const where = resolveConfigPath(path, options.env ?? process.env, options.cwd ?? process.cwd());
  if (where.kind === 'defaults') return buildLoadedConfig({}, { file: 'built-in defaults', path: null });

  let text: string;
  try {
    text = await readFile(where.path, 'utf8');
  } catch (err) {
    throw fileProblem(where.display, readFailure(err, where.path, where.origin));
  }

  return configFromYaml(text, { file: where.display, path: where.path });
}

function fileProblem(file: string, message: string): ConfigError {
  const problem: ConfigProblem = { file, line: null, col: null, field: null, message };
  return new ConfigError([problem]);
}

function readFailure(err: unknown, abs: string, origin: 'argument' | 'env' | 'default'): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  if (code === 'ENOENT') {
    const fix =
      origin === 'env'
        ? `${CONFIG_ENV_VAR} names this file: correct the variable or unset it`
        : origin === 'argument'
          ? 'check the path given with --config, or leave --config out to use ./midgoal.yaml or the built-in defaults'
          : 'create it, or run from the folder that holds it';
    return `file not found (looked for ${abs}); ${fix}`;
  }
  if (code === 'EISDIR') return `${abs} is a folder; name the midgoal.yaml file inside it`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot read ${abs} (permission denied); let the user running midgoal read it`;
  return `cannot read ${abs}: ${errorText(err)}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
