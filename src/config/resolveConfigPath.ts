/**
 * Which midgoal.yaml to read: an explicit path (`--config`), else `MIDGOAL_CONFIG`, else
 * `./midgoal.yaml` when it exists, else none (built-in defaults only).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export type ConfigLocation =
  | {
      kind: 'file';
      /** Absolute path. */
      path: string;
      /** As the user would recognise it: relative to the working folder when inside it. */
      display: string;
      /** Who named the file; a named file must exist, the default one is optional. */
      origin: 'argument' | 'env' | 'default';
    }
  | { kind: 'defaults' };

export const DEFAULT_CONFIG_FILE = 'midgoal.yaml';
export const CONFIG_ENV_VAR = 'MIDGOAL_CONFIG';

export function resolveConfigPath(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): ConfigLocation {
  const fromEnv = env[CONFIG_ENV_VAR];
  if (explicit !== undefined && explicit !== '') return located(explicit, 'argument', cwd);
  if (fromEnv !== undefined && fromEnv !== '') return located(fromEnv, 'env', cwd);
  const fallback = path.resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? located(DEFAULT_CONFIG_FILE, 'default', cwd) : { kind: 'defaults' };
}

function located(given: string, origin: 'argument' | 'env' | 'default', cwd: string): ConfigLocation {
  const abs = path.resolve(cwd, given);
  const rel = path.relative(cwd, abs);
  const display = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return { kind: 'file', path: abs, display, origin };
}
