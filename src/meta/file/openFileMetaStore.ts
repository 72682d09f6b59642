/**
 * The embedded metadata store: plain files in `<data>/meta/`, for one server per data folder.
 *
 *   meta/version            layout version (the file store's "migrations")
 *   meta/collectors.json    every collector's last heartbeat, replaced atomically
 *   meta/config/000001.yaml one file per pushed configuration; never rewritten
 *   meta/config/000001.json its note and creation time, written right after the .yaml
 *
 * Config versions are claimed with link(2), which fails when the name exists, so a `midgoal config
 * push` racing the server never overwrites a version. Heartbeats of several processes on one
 * folder may overwrite each other's entries for a moment; the next heartbeat restores them.
 */
import { link, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { byLastSeenDesc } from '../MetaStore.ts';
import type { CollectorStatus, MetaStore, StoredConfig } from '../MetaStore.ts';
import { MetaStoreError } from '../MetaStoreError.ts';
import { validateStoredYaml } from '../validateStoredYaml.ts';
import { writeFileAtomic, writeTempBeside } from './writeFileAtomic.ts';

/** Bumped (with a conversion step in migrate) when the layout changes. */
const LAYOUT_VERSION = 1;
const LAYOUT_NAME = '001_meta_files';

const collectorSchema = z.object({
  id: z.string(),
  url: z.string(),
  host: z.string(),
  pid: z.number(),
  startedAt: z.string(),
  lastSeen: z.string(),
  lag: z.number(),
  storeError: z.string().nullable(),
  version: z.string(),
});
const collectorsFileSchema = z.object({ collectors: z.array(collectorSchema) });
const configInfoSchema = z.object({ createdAt: z.string(), note: z.string().nullable() });

export function openFileMetaStore(dataDir: string, shownDataDir: string = dataDir): MetaStore {
  const dir = path.join(dataDir, 'meta');
  const configDir = path.join(dir, 'config');
  const collectorsFile = path.join(dir, 'collectors.json');

  async function readCollectors(): Promise<CollectorStatus[]> {
    const text = await readIfExists(collectorsFile);
    if (text === null) return [];
    const parsed = collectorsFileSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new MetaStoreError(
        `${collectorsFile} is not a collectors file midgoal wrote; delete it (it is rebuilt from the next heartbeats).`,
        `${collectorsFile} は midgoal が書いたコレクター一覧ではありません。削除してください（次のハートビートで作り直されます）。`,
      );
    }
    return parsed.data.collectors;
  }

  async function versions(): Promise<number[]> {
    const names = await readdir(configDir).catch((err: unknown) => (isCode(err, 'ENOENT') ? [] : Promise.reject(err)));
    return names
      .map((n) => /^(\d{6,})\.yaml$/.exec(n)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  async function readVersion(version: number): Promise<StoredConfig | null> {
    const base = path.join(configDir, String(version).padStart(6, '0'));
    const yaml = await readIfExists(`${base}.yaml`);
    if (yaml === null) return null;
    const info = configInfoSchema.safeParse(safeJson((await readIfExists(`${base}.json`)) ?? ''));
    if (info.success) return { version, yaml, ...info.data };
    // Just claimed (the side file follows in a moment) or the side file was lost: the
    // configuration is intact, only the note is missing; the file's time stands in.
    const createdAt = (await stat(`${base}.yaml`)).mtime.toISOString();
    return { version, yaml, createdAt, note: null };
  }

  return {
    kind: 'file',
    describe: `the data folder ${shownDataDir}`,

    async migrate() {
      await mkdir(configDir, { recursive: true });
      const current = Number((await readIfExists(path.join(dir, 'version')))?.trim() ?? '0');
      if (current > LAYOUT_VERSION) {
        throw new MetaStoreError(
          `${dir} was written by a newer midgoal (layout ${current}, this one knows ${LAYOUT_VERSION}); upgrade midgoal.`,
          `${dir} は新しい midgoal で書かれています（形式 ${current}、この版は ${LAYOUT_VERSION} まで）。midgoal を更新してください。`,
        );
      }
      if (current === LAYOUT_VERSION) return [];
      await writeFileAtomic(path.join(dir, 'version'), `${LAYOUT_VERSION}\n`);
      return [LAYOUT_NAME];
    },

    async heartbeat(status) {
      await mkdir(dir, { recursive: true });
      const others = (await readCollectors()).filter((c) => c.id !== status.id);
      const collectors = [...others, { ...status }].sort(byLastSeenDesc);
      await writeFileAtomic(collectorsFile, `${JSON.stringify({ collectors }, null, 2)}\n`);
    },

    async collectors() {
      return (await readCollectors()).sort(byLastSeenDesc);
    },

    async latestConfig() {
      const all = await versions();
      const last = all[all.length - 1];
      return last === undefined ? null : readVersion(last);
    },

    configVersion: readVersion,

    async pushConfig(yaml, note) {
      await mkdir(configDir, { recursive: true });
      for (;;) {
        const all = await versions();
        const version = (all[all.length - 1] ?? 0) + 1;
        validateStoredYaml(yaml, version);
        const createdAt = new Date().toISOString();
        const base = path.join(configDir, String(version).padStart(6, '0'));
        const temp = await writeTempBeside(`${base}.yaml`, yaml);
        try {
          await link(temp, `${base}.yaml`);
        } catch (err) {
          // Another writer took this number between readdir and link: try the next one.
          if (isCode(err, 'EEXIST')) continue;
          throw err;
        } finally {
          await rm(temp, { force: true });
        }
        await writeFileAtomic(`${base}.json`, `${JSON.stringify({ createdAt, note }, null, 2)}\n`);
        return { version, yaml, createdAt, note };
      }
    },

    async close() {},
  };
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (isCode(err, 'ENOENT')) return null;
    throw err;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === code;
}
