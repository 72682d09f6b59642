/**
 * Options every command shares, resolved the same way everywhere: flag, then environment, then default.
 */
import path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';

export const DEFAULT_PORT = 8787;

export function dataOption(): Option {
  return new Option('--data <dir>', 'data folder').env('MIDGOAL_DATA').default('./.data');
}

/** Where events are stored: the embedded store in the data folder (default) or clickhouse://… */
export function storeOption(): Option {
  return new Option('--store <url>', 'event store: "embedded" (the data folder) or clickhouse://host:8123/db (docs/DEPLOY.md)').env('MIDGOAL_STORE');
}

export function configOption(): Option {
  return new Option('--config <file>', 'midgoal.yaml to use (env MIDGOAL_CONFIG; else ./midgoal.yaml if present)');
}

export function portOption(): Option {
  // .env() runs PORT through parsePort during parsing, so a bad value is a usage error, not a crash.
  return new Option('--port <port>', 'HTTP port').env('PORT').default(DEFAULT_PORT).argParser(parsePort);
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
