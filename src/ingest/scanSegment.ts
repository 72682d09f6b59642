import { open } from 'node:fs/promises';
import { parseLogFrame } from './logFrame.ts';

export interface ScanResult {
  /** Offset just past the last whole, valid frame that was visited. */
  endOffset: number;
  /** Seq of that frame, or null when none was visited. */
  lastSeq: number | null;
  /** Why scanning stopped early: null at a clean end of file or when `onFrame` said stop. */
  problem: null | { kind: 'torn' | 'corrupt'; reason: string; offset: number };
}

/** Reads in chunks so a large segment never has to fit in memory at once. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Walks the frames of one segment file from `startOffset`, calling `onFrame` for each valid one
 * (return false to stop). Seqs must rise and be at least `minSeq` (a failed write may leave a gap,
 * never a step back); anything else is reported as damage rather than replayed out of order.
 * Bytes at or past `limit` are treated as the end of the file (the active segment's unsynced tail).
 */
export async function scanSegment(
  file: string,
  startOffset: number,
  minSeq: number,
  onFrame: (seq: number, payload: Buffer, endOffset: number) => boolean,
  limit = Number.POSITIVE_INFINITY,
): Promise<ScanResult> {
  const handle = await open(file, 'r');
  try {
    let buf: Buffer = Buffer.alloc(0);
    let bufStart = startOffset; // file offset of buf[0]
    let pos = 0;
    let eof = false;
    let lastSeq: number | null = null;
    let next = minSeq;
    for (;;) {
      const parsed = parseLogFrame(buf, pos);
      if (parsed.kind === 'frame') {
        if (parsed.seq < next) {
          const reason = `seq ${parsed.seq} does not follow ${next - 1}`;
          return { endOffset: bufStart + pos, lastSeq, problem: { kind: 'corrupt', reason, offset: bufStart + pos } };
        }
        pos += parsed.size;
        lastSeq = parsed.seq;
        next = parsed.seq + 1;
        if (!onFrame(parsed.seq, parsed.payload, bufStart + pos)) return { endOffset: bufStart + pos, lastSeq, problem: null };
        continue;
      }
      if (parsed.kind === 'corrupt') {
        return { endOffset: bufStart + pos, lastSeq, problem: { kind: 'corrupt', reason: parsed.reason, offset: bufStart + pos } };
      }
      if (eof) {
        const problem = pos < buf.length ? { kind: 'torn' as const, reason: `${buf.length - pos} bytes of an unfinished record`, offset: bufStart + pos } : null;
        return { endOffset: bufStart + pos, lastSeq, problem };
      }
      // Keep the unparsed rest and read more; grow when a single frame is larger than a chunk.
      const rest = buf.subarray(pos);
      const chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, rest.length * 2));
      rest.copy(chunk, 0);
      const readAt = bufStart + buf.length;
      const room = Math.min(chunk.length - rest.length, Math.max(0, limit - readAt));
      const { bytesRead } = room > 0 ? await handle.read(chunk, rest.length, room, readAt) : { bytesRead: 0 };
      bufStart += pos;
      buf = chunk.subarray(0, rest.length + bytesRead);
      pos = 0;
      if (bytesRead === 0) eof = true;
    }
  } finally {
    await handle.close();
  }
}
