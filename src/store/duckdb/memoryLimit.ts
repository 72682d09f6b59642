/**
 * `midgoal serve --memory-limit` / MIDGOAL_MEMORY_LIMIT: a cap on DuckDB's memory (its buffer pool:
 * uncheckpointed rows, cached blocks of the file, query work). Unset, DuckDB takes up to 80 % of
 * the machine's RAM and keeps every block it has written or read cached until then, so a server
 * running for days grows with its data. On a small machine, set it. The SQL funnel still answered
 * over 10M events at 256MB (664 against 578 ms; docs/DEPLOY.md); large queries spill to disk.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import bytes from 'bytes';

/** Below this the writer's own uncheckpointed rows (~50 MB at a 24MB WAL) leave queries too little. */
export const MIN_MEMORY_LIMIT = 128 * 1024 * 1024;

export class MemoryLimitError extends Error {
  override readonly name = 'MemoryLimitError';
}

/** Bytes, or undefined when unset (DuckDB's default). Sizes as `512MB`, `1GB`, `1.5GB` (1 KB = 1,024 bytes). */
export function parseMemoryLimit(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  // bytes() reads a bare number as bytes; a memory limit in bytes is always a typo here.
  const parsed = /[a-z]$/i.test(text) ? bytes.parse(text) : null;
  if (parsed === null || !Number.isFinite(parsed)) {
    throw new MemoryLimitError(
      `--memory-limit / MIDGOAL_MEMORY_LIMIT "${value}" is not a size: give a number and a unit, e.g. 512MB or 2GB. / ` +
        `--memory-limit / MIDGOAL_MEMORY_LIMIT「${value}」はサイズとして読めません。512MB や 2GB のように単位を付けてください。`,
    );
  }
  if (parsed < MIN_MEMORY_LIMIT) {
    throw new MemoryLimitError(
      `--memory-limit / MIDGOAL_MEMORY_LIMIT ${value} is below the ${bytes.format(MIN_MEMORY_LIMIT)} the store needs to write and answer queries; give 128MB or more (or leave it unset). / ` +
        `--memory-limit / MIDGOAL_MEMORY_LIMIT ${value} は小さすぎます。128MB 以上を指定してください（指定しなければ DuckDB の既定値です）。`,
    );
  }
  return Math.floor(parsed);
}

/** The SET statement for DuckDB (whole KiB, a unit DuckDB reads). */
export function memoryLimitSql(limit: number): string {
  return `SET memory_limit = '${Math.floor(limit / 1024)}KiB'`;
}

/** DuckDB's memory limit as it reports it (e.g. "512.0 MiB"), for /api/health. */
export async function readMemoryLimit(conn: DuckDBConnection): Promise<string> {
  const rows = (await conn.runAndReadAll("SELECT current_setting('memory_limit')")).getRowsJS();
  return String(rows[0]?.[0] ?? '');
}
