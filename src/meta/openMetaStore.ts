/**
 * MIDGOAL_META (or --meta) → the metadata store: empty means files in the data folder, a
 * postgres:// URL means the shared database. Any other value is refused with what is accepted.
 */
import path from 'node:path';
import type { MetaStore } from './MetaStore.ts';
import { openFileMetaStore } from './file/openFileMetaStore.ts';
import { parseMetaUrl } from './parseMetaUrl.ts';
import { openPostgresMetaStore } from './postgres/openPostgresMetaStore.ts';

export type { CollectorStatus, MetaStore, StoredConfig } from './MetaStore.ts';
export { MetaStoreError } from './MetaStoreError.ts';

export async function openMetaStore(opts: { url: string | undefined; dataDir: string }): Promise<MetaStore> {
  const where = parseMetaUrl(opts.url);
  if (where.kind === 'postgres') return openPostgresMetaStore(where.url, where);
  return openFileMetaStore(path.resolve(opts.dataDir), shownPath(opts.dataDir));
}

/** The folder as the operator would recognise it: relative when under the working folder. */
function shownPath(dir: string): string {
  const rel = path.relative(process.cwd(), path.resolve(dir));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? `./${rel}` : path.resolve(dir);
}
