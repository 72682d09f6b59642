/**
 * How far this collector's ingest log has been written to ClickHouse, kept beside the log in the
 * data folder (`clickhouse-applied.json`) rather than in ClickHouse: a collector must start and
 * accept events while ClickHouse is down, and each collector owns its own log. The file is written
 * after the batch's insert; a crash in between replays that batch, and insertNewEvents skips what
 * already landed — exactly once without a transaction spanning two systems.
 */
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from '../../ingest/syncDir.ts';

export const APPLIED_SEQ_FILE = 'clickhouse-applied.json';

export async function readAppliedSeq(file: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const seq = (JSON.parse(text) as { appliedSeq?: unknown }).appliedSeq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new Error(`${file} is damaged (no appliedSeq). Delete it to replay the whole ingest log; events already in ClickHouse are skipped.`);
  }
  return seq;
}

export async function writeAppliedSeq(file: string, seq: number, store: string): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(`${JSON.stringify({ appliedSeq: seq, store, at: new Date().toISOString() })}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await syncDir(path.dirname(file));
}
