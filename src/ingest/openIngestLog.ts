/**
 * Opens the durable ingest log (IngestLog.ts): finds the segments under `<dataDir>/log/`, the next
 * seq, and cuts off a torn tail left by a crash.
 */
import { copyFile, mkdir, open, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { IngestLog } from './IngestLog.ts';
import type { IngestLogOptions } from './ingestLogTypes.ts';
import { listSegments, segmentPath } from './listSegments.ts';
import { scanSegment } from './scanSegment.ts';
import { syncDir } from './syncDir.ts';
import { acquireLogLock } from './logLock.ts';

export { IngestLog } from './IngestLog.ts';
export type { IngestLogOptions, IngestLogStats, LogRead, LogRecord } from './ingestLogTypes.ts';

const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_QUEUED_BYTES = 32 * 1024 * 1024;

/**
 * Opens `<dataDir>/log/`, finds the next seq from the newest segment, and cuts off a torn tail
 * (a record whose write or sync did not finish, so it was never acknowledged).
 */
export async function openIngestLog(dataDir: string, options: IngestLogOptions = {}): Promise<IngestLog> {
  const dir = path.join(path.resolve(dataDir), 'log');
  await mkdir(dir, { recursive: true });
  await syncDir(path.dirname(dir));
  const release = await acquireLogLock(dir);
  try {
    return await openLocked(dir, options, release);
  } catch (err) {
    await release();
    throw err;
  }
}

async function openLocked(dir: string, options: IngestLogOptions, release: () => Promise<void>): Promise<IngestLog> {
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  let segments = await listSegments(dir);
  let nextSeq = 1;
  let activeSize = 0;
  const active = segments[segments.length - 1];
  if (active) {
    const result = await scanSegment(active.file, 0, active.firstSeq, () => true);
    const size = (await stat(active.file)).size;
    if (result.problem) {
      const dropped = size - result.endOffset;
      if (result.problem.kind === 'corrupt') {
        await copyFile(active.file, `${active.file}.damaged`);
        warn(
          `Ingest log segment ${active.file} is damaged at byte ${result.problem.offset} (${result.problem.reason}); ` +
            `${dropped} bytes after it were cut off (a copy is kept as ${path.basename(active.file)}.damaged). Check the disk.`,
        );
      }
      // A torn tail is the normal trace of a crash during a write: never acknowledged, cut silently.
      await truncate(active.file, result.endOffset);
    }
    activeSize = result.endOffset;
    nextSeq = result.lastSeq !== null ? result.lastSeq + 1 : active.firstSeq;
  } else {
    const file = segmentPath(dir, 1);
    segments = [{ firstSeq: 1, file }];
  }
  const activeFile = segments[segments.length - 1]?.file ?? segmentPath(dir, nextSeq);
  const fd = await open(activeFile, 'a');
  // Records a crashed process left in the page cache become durable now, before anyone reads them.
  await fd.datasync();
  await syncDir(dir);
  return new IngestLog(
    dir,
    segments,
    fd,
    activeSize,
    nextSeq,
    nextSeq - 1,
    options.segmentBytes ?? DEFAULT_SEGMENT_BYTES,
    options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES,
    warn,
    release,
  );
}
