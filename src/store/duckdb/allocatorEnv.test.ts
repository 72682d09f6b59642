import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module of the CLI entry (scripts/serverMemory.mjs), no type declarations
import { DUCKDB_ALLOCATOR_ENV, DUCKDB_ALLOCATOR_OPTIONS } from '../../../scripts/serverMemory.mjs';

// `midgoal serve` tunes DuckDB's allocator through an environment variable (scripts/serverMemory.mjs).
// If a DuckDB upgrade renamed it, the setting would be ignored without a word and the server's
// memory would grow back (docs/BENCH.md, "Server memory"): this notices.
describe('the allocator setting midgoal serve passes to DuckDB', () => {
  it.runIf(process.platform === 'linux' && process.arch === 'x64')('is read by the installed libduckdb', async () => {
    const require = createRequire(import.meta.url);
    const api = path.dirname(require.resolve('@duckdb/node-api/package.json'));
    const bindings = path.dirname(createRequire(path.join(api, 'x.js')).resolve('@duckdb/node-bindings/package.json'));
    const native = path.dirname(createRequire(path.join(bindings, 'x.js')).resolve('@duckdb/node-bindings-linux-x64/package.json'));
    const lib = await readFile(path.join(native, 'libduckdb.so'));
    expect(DUCKDB_ALLOCATOR_ENV).toBe('DUCKDB_JE_MALLOC_CONF');
    expect(lib.includes(Buffer.from(`${DUCKDB_ALLOCATOR_ENV}\0`))).toBe(true);
    // …and the options are ones that jemalloc build knows.
    for (const option of String(DUCKDB_ALLOCATOR_OPTIONS).split(',')) {
      const name = option.split(':')[0] ?? '';
      expect(lib.includes(Buffer.from(`${name}\0`))).toBe(true);
    }
  });
});
