/**
 * Writes a whole file so readers see the old content or the new, never half: write a temp file
 * beside it, fsync, rename over. The temp name is unique per process and call, so two writers
 * never share one.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = tempName(file);
  try {
    await writeSynced(temp, text, 'w');
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** A fully written file named like `file` with a unique suffix, for rename or link into place. */
export async function writeTempBeside(file: string, text: string): Promise<string> {
  const temp = tempName(file);
  await writeSynced(temp, text, 'wx');
  return temp;
}

function tempName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

async function writeSynced(path: string, text: string, flags: 'w' | 'wx'): Promise<void> {
  const handle = await open(path, flags, 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
