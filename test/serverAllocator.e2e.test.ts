// `midgoal serve` tunes DuckDB's allocator through an environment variable that DuckDB's jemalloc
// reads once, when libduckdb is loaded (scripts/serverMemory.mjs). This checks the order on the real
// entry point: a preloaded probe reports the variable at the moment duckdb.node is loaded, then exits.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/midgoal.js', import.meta.url));
const PROBE = `
const load = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  if (/duckdb\\.node$/.test(filename)) {
    process.stdout.write('duckdb loaded with ' + JSON.stringify(process.env.DUCKDB_JE_MALLOC_CONF ?? null) + '\\n');
    process.exit(0);
  }
  return load.call(this, module, filename, ...rest);
};
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-allocator-'));
  await writeFile(path.join(dir, 'probe.cjs'), PROBE);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadedWith(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const base: NodeJS.ProcessEnv = { ...process.env, MIDGOAL_NO_DEMO: '1' };
  delete base.DUCKDB_JE_MALLOC_CONF;
  const { stdout } = await promisify(execFile)(process.execPath, ['--require', path.join(dir, 'probe.cjs'), BIN, ...args], {
    cwd: dir,
    env: { ...base, ...env },
    timeout: 60_000,
  });
  return stdout.trim();
}

describe('the allocator setting of midgoal serve', () => {
  it('is in place before DuckDB loads, in the bundle and through tsx', async () => {
    const serve = ['serve', '--data', path.join(dir, 'data'), '--port', '0', '--host', '127.0.0.1'];
    expect(await loadedWith(serve)).toBe('duckdb loaded with "dirty_decay_ms:0,muzzy_decay_ms:0"');
    expect(await loadedWith(serve, { MIDGOAL_TSX: '1' })).toBe('duckdb loaded with "dirty_decay_ms:0,muzzy_decay_ms:0"');
  });

  it("leaves an operator's own setting, and other commands, alone", async () => {
    const serve = ['serve', '--data', path.join(dir, 'data'), '--port', '0', '--host', '127.0.0.1'];
    expect(await loadedWith(serve, { DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:1000' })).toBe('duckdb loaded with "dirty_decay_ms:1000"');
    expect(await loadedWith(['funnel', '--site', 'demo', '--funnel', 'purchase', '--data', path.join(dir, 'data')])).toBe('duckdb loaded with null');
  });
});
