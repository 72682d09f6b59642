import { open } from 'node:fs/promises';

/** fsyncs a directory so a created, renamed or deleted file survives a power cut. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
