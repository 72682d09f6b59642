import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acquireLogLock } from './logLock.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('writes the owner pid and removes the lock on release', async () => {
  const release = await acquireLogLock(dir);
  expect(await readFile(path.join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
  await release();
  await expect(readFile(path.join(dir, 'LOCK'), 'utf8')).rejects.toThrow(/ENOENT/);
});

it('refuses a lock held by another live process, naming it', async () => {
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
  try {
    await writeFile(path.join(dir, 'LOCK'), `${other.pid}\n`);
    await expect(acquireLogLock(dir)).rejects.toThrow(`Another midgoal process (pid ${other.pid}) is using the ingest log`);
  } finally {
    other.kill('SIGKILL');
  }
});

it('takes over the lock of a process that is gone (killed without releasing it)', async () => {
  const gone = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => gone.once('exit', resolve));
  await writeFile(path.join(dir, 'LOCK'), `${gone.pid}\n`);
  const release = await acquireLogLock(dir);
  expect(await readFile(path.join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
  await release();
});
