import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface Segment {
  /** Seq of the segment's first record (records may start later after a failed write). */
  firstSeq: number;
  file: string;
}

const SEGMENT_NAME = /^(\d{16})\.log$/;

/** `0000000000000042.log`: zero-padded so names sort like numbers. */
export function segmentPath(dir: string, firstSeq: number): string {
  return path.join(dir, `${String(firstSeq).padStart(16, '0')}.log`);
}

/** The log's segment files, oldest first; other files (e.g. `*.damaged` copies) are ignored. */
export async function listSegments(dir: string): Promise<Segment[]> {
  const names = await readdir(dir);
  return names
    .flatMap((name) => {
      const m = SEGMENT_NAME.exec(name);
      return m ? [{ firstSeq: Number(m[1]), file: path.join(dir, name) }] : [];
    })
    .sort((a, b) => a.firstSeq - b.firstSeq);
}
