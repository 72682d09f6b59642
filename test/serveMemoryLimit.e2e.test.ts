// `midgoal serve --memory-limit` (or MIDGOAL_MEMORY_LIMIT) caps DuckDB's memory; /api/health shows
// the limit the store runs with, and a size that cannot work is refused before anything starts.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli, startServerProcess } from './helpers/serverProcess.ts';

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'midgoal-memlimit-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function healthLimit(url: string): Promise<unknown> {
  const health = (await (await fetch(`${url}/api/health`)).json()) as { store: { memoryLimit: unknown } };
  return health.store.memoryLimit;
}

describe('midgoal serve --memory-limit', () => {
  it('runs the store with the limit given by flag or environment, and says so', async () => {
    const flagged = await startServerProcess({ dataDir: await dataDir(), args: ['--memory-limit', '200MB'], env: { MIDGOAL_NO_DEMO: '1' } });
    try {
      expect(await healthLimit(flagged.url)).toBe('200.0 MiB');
      expect(flagged.output()).toMatch(/Store memory limit \/ ストアのメモリ上限: 200MB/);
    } finally {
      await flagged.stop();
    }
    const fromEnv = await startServerProcess({ dataDir: await dataDir(), env: { MIDGOAL_NO_DEMO: '1', MIDGOAL_MEMORY_LIMIT: '1GB' } });
    try {
      expect(await healthLimit(fromEnv.url)).toBe('1.0 GiB');
    } finally {
      await fromEnv.stop();
    }
  });

  it('refuses a size that cannot work, without creating the store', async () => {
    const dir = await dataDir();
    const run = await runCli(['serve', '--data', dir, '--port', '0', '--memory-limit', '64MB']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--memory-limit \/ MIDGOAL_MEMORY_LIMIT 64MB is below the 128MB.*give 128MB or more/);
    expect(await readdir(dir)).toEqual([]);
  });
});
