/**
 * One process per ingest log. The embedded store's file lock used to guarantee it; with ClickHouse
 * as the store nothing else does, and two servers (or a server and a CLI command) on one data
 * folder would cut each other's "torn" tails and lose acknowledged events. So opening the log
 * first creates `<log>/LOCK` exclusively, holding the owner's pid. A lock whose process is gone
 * (killed) is taken over; one held by a live process is refused with advice.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

export class LogLockedError extends Error {
  override readonly name = 'LogLockedError';
}

/** Takes the lock on `logDir`; resolves with the function that releases it. */
export async function acquireLogLock(logDir: string): Promise<() => Promise<void>> {
  const file = path.join(logDir, 'LOCK');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return async () => {
        await unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    // This process's own lock (a log reopened after a simulated crash) and dead owners are stale.
    if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new LogLockedError(
        `Another midgoal process (pid ${owner}) is using the ingest log in ${logDir}. Stop it first, or give this one its own --data folder (each collector needs its own). / ` +
          `別の midgoal プロセス（pid ${owner}）がこのデータフォルダの取り込みログを使用中です。停止するか、別の --data フォルダを指定してください。`,
      );
    }
    await unlink(file).catch(() => undefined);
  }
  throw new LogLockedError(`Could not lock the ingest log in ${logDir}: another process keeps taking it. Stop other midgoal processes on this data folder.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
