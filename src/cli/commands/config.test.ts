import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeCollectorStatus } from '../../meta/fakeCollectorStatus.ts';
import { formatCollectorsTable } from './config.ts';

const BIN = fileURLToPath(new URL('../../../bin/midgoal.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'midgoal-config-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function midgoal(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, MIDGOAL_META: '', MIDGOAL_DATA: path.join(dir, 'data') };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: dir, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('formatCollectorsTable', () => {
  it('shows id, host, url, last seen as time ago, lag and the store error', () => {
    const now = Date.parse('2026-11-02T10:01:00.000Z');
    const lines = formatCollectorsTable(
      [
        fakeCollectorStatus('web-1', '2026-11-02T10:00:55.000Z', { lag: 12 }),
        fakeCollectorStatus('web-22', '2026-11-02T09:58:40.000Z', { lag: 3400, storeError: 'ClickHouse: connection refused' }),
      ],
      now,
    );
    expect(lines).toEqual([
      'id      host    url                  last seen   lag  store error',
      'web-1   web-1   http://web-1:8787       5s ago    12  —',
      'web-22  web-22  http://web-22:8787  2m 20s ago  3400  ClickHouse: connection refused',
    ]);
  });
});

describe('midgoal config (data folder)', () => {
  it('push checks the file, stores versions, show prints them back', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'funnels:\n  - id: x\n    steps: [visit, purchase]\n    window: 7x\n');
    const bad = await midgoal('config', 'push', 'bad.yaml');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.yaml:4:5 funnels[0].window');
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const empty = await midgoal('config', 'show');
    expect(empty.stderr).toContain('no configuration has been pushed');

    const yaml = 'funnels:\n  - id: x\n    steps: [visit, purchase]\n';
    writeFileSync(path.join(dir, 'good.yaml'), yaml);
    expect((await midgoal('config', 'push', 'good.yaml', '--note', 'first')).stdout).toMatch(/^stored as version 1 in the data folder /);
    expect((await midgoal('config', 'push', 'good.yaml')).stdout).toMatch(/^stored as version 2 /);
    const shown = await midgoal('config', 'show', '--version', '1');
    expect(shown.stdout).toBe(yaml);
    expect(shown.stderr).toMatch(/^version 1, stored .*: first/);
    expect((await midgoal('config', 'collectors', '--json')).stdout.trim()).toBe('[]');
  });

  it('refuses a metadata URL it cannot use', async () => {
    const res = await midgoal('config', 'collectors', '--meta', 'redis://localhost:6379');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('redis://… is not a metadata store midgoal can use');
  });
});
