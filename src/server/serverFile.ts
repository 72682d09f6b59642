/**
 * The small file that tells CLI commands a server owns the data folder (DESIGN.md "One owner of the
 * embedded store"): DuckDB lets one process open the file, so while `midgoal serve` runs, the CLI
 * talks to it over HTTP with the token written here instead of opening the store itself.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const serverFileSchema = z.object({
  pid: z.number().int(),
  url: z.string(),
  token: z.string(),
  startedAt: z.string(),
});
export type ServerFile = z.infer<typeof serverFileSchema>;

export function serverFilePath(dataDir: string): string {
  return path.join(dataDir, 'server.json');
}

export async function writeServerFile(dataDir: string, info: ServerFile): Promise<void> {
  // Readable by the owner only: the token lets a holder write events.
  await writeFile(serverFilePath(dataDir), JSON.stringify(info, null, 2), { mode: 0o600 });
}

export async function removeServerFile(dataDir: string): Promise<void> {
  await rm(serverFilePath(dataDir), { force: true });
}

/** The live server owning `dataDir`, or null. A file left by a killed server is ignored. */
export async function findRunningServer(dataDir: string): Promise<ServerFile | null> {
  let text: string;
  try {
    text = await readFile(serverFilePath(dataDir), 'utf8');
  } catch {
    return null;
  }
  const parsed = serverFileSchema.safeParse(safeJson(text));
  if (!parsed.success || !isAlive(parsed.data.pid)) return null;
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
