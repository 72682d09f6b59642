import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/ConfigError.ts';
import { fakeCollectorStatus as collector } from '../fakeCollectorStatus.ts';
import { openMetaStore } from '../openMetaStore.ts';
import { MetaStoreError } from '../MetaStoreError.ts';

const root = mkdtempSync(path.join(tmpdir(), 'midgoal-meta-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `case${n++}`);

const GOOD = 'funnels:\n  - id: mine\n    steps: [visit, purchase]\n    window: 2d\n';
const BAD = 'funnels:\n  - id: mine\n    steps: [visit, purchase]\n    window: 7x\n';

describe('file metadata store', () => {
  it('is chosen when no URL is given, and names the data folder', async () => {
    const dataDir = freshDir();
    for (const url of [undefined, '', '  ']) {
      const meta = await openMetaStore({ url, dataDir });
      expect(meta.kind).toBe('file');
      expect(meta.describe).toContain(dataDir);
    }
  });

  it('migrates once: the first call lays out the folder, later calls apply nothing', async () => {
    const dataDir = freshDir();
    const meta = await openMetaStore({ url: undefined, dataDir });
    expect(await meta.migrate()).toEqual(['001_meta_files']);
    expect(await meta.migrate()).toEqual([]);
    expect(readFileSync(path.join(dataDir, 'meta', 'version'), 'utf8').trim()).toBe('1');
  });

  it('refuses a folder written by a newer layout', async () => {
    const dataDir = freshDir();
    const meta = await openMetaStore({ url: undefined, dataDir });
    await meta.migrate();
    writeFileSync(path.join(dataDir, 'meta', 'version'), '7\n');
    await expect(meta.migrate()).rejects.toThrow(/newer midgoal/);
  });

  it('stores configurations as versions 1, 2, 3 and reads them back', async () => {
    const meta = await openMetaStore({ url: undefined, dataDir: freshDir() });
    expect(await meta.latestConfig()).toBeNull();
    const first = await meta.pushConfig(GOOD, 'first');
    const second = await meta.pushConfig(`${GOOD}# two\n`, null);
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await meta.latestConfig()).toEqual(second);
    expect(await meta.configVersion(1)).toEqual(first);
    expect(first.note).toBe('first');
    expect(Date.parse(first.createdAt)).not.toBeNaN();
    expect(await meta.configVersion(3)).toBeNull();
    expect((await meta.pushConfig(GOOD, null)).version).toBe(3);
  });

  it('gives concurrent pushes distinct versions, none lost', async () => {
    const dataDir = freshDir();
    const a = await openMetaStore({ url: undefined, dataDir });
    const b = await openMetaStore({ url: undefined, dataDir });
    const stored = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).pushConfig(`${GOOD}# ${i}\n`, `push ${i}`)));
    expect(stored.map((s) => s.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const s of stored) expect(await a.configVersion(s.version)).toEqual(s);
    const files = readdirSync(path.join(dataDir, 'meta', 'config'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects bad YAML with file:line:col errors naming the version, and stores nothing', async () => {
    const dataDir = freshDir();
    const meta = await openMetaStore({ url: undefined, dataDir });
    await meta.pushConfig(GOOD, null);
    const err = await meta.pushConfig(BAD, 'broken').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('meta:config@2:4:5 funnels[0].window: write a duration');
    const syntax = await meta.pushConfig('funnels: [\n', null).catch((e: unknown) => e);
    expect((syntax as ConfigError).problems[0]?.field).toBe('YAML syntax');
    expect((await meta.latestConfig())?.version).toBe(1);
    expect(readdirSync(path.join(dataDir, 'meta', 'config')).sort()).toEqual(['000001.json', '000001.yaml']);
  });

  it('upserts heartbeats by id and lists the most recent first', async () => {
    const meta = await openMetaStore({ url: undefined, dataDir: freshDir() });
    expect(await meta.collectors()).toEqual([]);
    await meta.heartbeat(collector('a', '2026-11-02T10:00:00.000Z'));
    await meta.heartbeat(collector('b', '2026-11-02T10:00:05.000Z'));
    await meta.heartbeat(collector('a', '2026-11-02T10:00:10.000Z', { lag: 42, storeError: 'disk full' }));
    const list = await meta.collectors();
    expect(list.map((c) => c.id)).toEqual(['a', 'b']);
    expect(list[0]).toEqual(collector('a', '2026-11-02T10:00:10.000Z', { lag: 42, storeError: 'disk full' }));
  });

  it('replaces collectors.json atomically: readers never see a partial file, no temp files stay', async () => {
    const dataDir = freshDir();
    const meta = await openMetaStore({ url: undefined, dataDir });
    const file = path.join(dataDir, 'meta', 'collectors.json');
    await meta.heartbeat(collector('seed', '2026-11-02T09:00:00.000Z'));
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        // Every read parses: rename swaps whole files.
        JSON.parse(readFileSync(file, 'utf8'));
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 50; i++) {
      await meta.heartbeat(collector('seed', new Date(Date.UTC(2026, 10, 2, 10, 0, i)).toISOString(), { lag: i, storeError: 'x'.repeat(i * 100) }));
    }
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect((await meta.collectors())[0]?.lag).toBe(49);
    expect(readdirSync(path.join(dataDir, 'meta')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('explains a damaged collectors file instead of crashing on it', async () => {
    const dataDir = freshDir();
    const meta = await openMetaStore({ url: undefined, dataDir });
    await meta.migrate();
    writeFileSync(path.join(dataDir, 'meta', 'collectors.json'), '{"collectors": [1]}');
    await expect(meta.collectors()).rejects.toBeInstanceOf(MetaStoreError);
  });
});
