/**
 * Options every command shares, resolved the same way everywhere: flag, then environment, then default.
 */
import path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';

export const DEFAULT_PORT = 8787;

export function dataOption(): Option {
  return new Option('--data <dir>', 'data folder (env MIDGOAL_DATA)').default(
    process.env.MIDGOAL_DATA ?? './.data',
    'MIDGOAL_DATA or ./.data',
  );
}

export function configOption(): Option {
  return new Option('--config <file>', 'midgoal.yaml to use (env MIDGOAL_CONFIG; else ./midgoal.yaml if present)');
}

export function portOption(): Option {
  return new Option('--port <port>', 'HTTP port (env PORT)')
    .default(process.env.PORT ? parsePort(process.env.PORT) : DEFAULT_PORT, `PORT or ${DEFAULT_PORT}`)
    .argParser(parsePort);
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0-65535).`);
  }
  return n;
}

export function resolveDataDir(dir: string): string {
  return path.resolve(dir);
}
