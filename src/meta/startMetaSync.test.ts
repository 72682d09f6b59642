import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeCollectorStatus } from './fakeCollectorStatus.ts';
import type { MetaStore, StoredConfig } from './MetaStore.ts';
import { openMetaStore } from './openMetaStore.ts';
import { startMetaSync } from './startMetaSync.ts';

const root = mkdtempSync(path.join(tmpdir(), 'midgoal-metasync-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const GOOD = 'funnels:\n  - id: mine\n    steps: [visit, purchase]\n    window: 2d\n';

const until = async (ok: () => boolean, ms = 3_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('startMetaSync', () => {
  it('heartbeats at once and every interval, and delivers each newer configuration once', async () => {
    const meta = await openMetaStore({ url: undefined, dataDir: path.join(root, `case${n++}`) });
    await meta.pushConfig(GOOD, 'v1');
    const delivered: StoredConfig[] = [];
    let beats = 0;
    const sync = startMetaSync(meta, {
      status: () => fakeCollectorStatus('me', new Date(Date.UTC(2026, 10, 2, 0, 0, ++beats)).toISOString()),
      onConfig: (cfg) => void delivered.push(cfg),
      intervalMs: 20,
      log: (m) => {
        throw new Error(`unexpected log: ${m}`);
      },
    });
    await until(() => delivered.length === 1 && beats >= 3);
    expect(delivered[0]?.note).toBe('v1');
    await meta.pushConfig(GOOD, 'v2');
    await until(() => delivered.length === 2);
    const before = delivered.length;
    await until(() => beats >= 8);
    expect(delivered.map((d) => d.version)).toEqual([1, 2]);
    expect(delivered.length).toBe(before);
    await sync.stop();
    const after = beats;
    await new Promise((r) => setTimeout(r, 80));
    expect(beats).toBe(after);
    expect((await meta.collectors())[0]?.id).toBe('me');
  });

  it('does not deliver the version already in use', async () => {
    const meta = await openMetaStore({ url: undefined, dataDir: path.join(root, `case${n++}`) });
    await meta.pushConfig(GOOD, null);
    const delivered: number[] = [];
    let beats = 0;
    const sync = startMetaSync(meta, {
      status: () => (beats++, fakeCollectorStatus('me', new Date().toISOString())),
      onConfig: (cfg) => void delivered.push(cfg.version),
      intervalMs: 10,
      knownVersion: 1,
    });
    await until(() => beats >= 3);
    await sync.stop();
    expect(delivered).toEqual([]);
  });

  it('logs failures (rate-limited), keeps going and never throws', async () => {
    let failing = true;
    let beats = 0;
    const flaky: MetaStore = {
      kind: 'file',
      describe: 'a flaky store',
      migrate: async () => [],
      heartbeat: async () => {
        beats++;
        if (failing) throw new Error('connection refused');
      },
      collectors: async () => [],
      latestConfig: async () => {
        if (failing) throw new Error('connection refused');
        return { version: 4, yaml: GOOD, createdAt: new Date().toISOString(), note: null };
      },
      configVersion: async () => null,
      pushConfig: async () => {
        throw new Error('not used');
      },
      close: async () => {},
    };
    const logs: string[] = [];
    const delivered: number[] = [];
    const sync = startMetaSync(flaky, {
      status: () => fakeCollectorStatus('me', new Date().toISOString()),
      onConfig: (cfg) => {
        delivered.push(cfg.version);
        throw new Error('onConfig broke');
      },
      intervalMs: 5,
      log: (m) => logs.push(m),
    });
    await until(() => beats >= 10);
    // Two kinds of message (heartbeat, configuration check), each once despite many failures.
    expect(logs).toEqual([
      'midgoal: metadata store (a flaky store) heartbeat failed: connection refused',
      'midgoal: metadata store (a flaky store) configuration check failed: connection refused',
    ]);
    failing = false;
    await until(() => delivered.length === 1);
    await until(() => beats >= 20);
    await sync.stop();
    // A configuration onConfig rejects is reported once, not retried every tick.
    expect(delivered).toEqual([4]);
    expect(logs.filter((m) => m.includes('onConfig broke'))).toHaveLength(1);
  });
});
