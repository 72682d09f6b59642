import { crc32 } from 'node:zlib';

/**
 * One log record on disk: `[u32 payload length][u32 crc32 of seq+payload][u64 seq][payload]`,
 * little-endian. The length finds the next record; the CRC tells a torn or damaged tail from a
 * whole record, so a crash mid-write can never replay half an event.
 */
export const FRAME_HEADER_BYTES = 16;
/** Far above any real event (limits in event.ts keep one near a few KB); a larger length is damage. */
export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

export function encodeLogFrame(seq: number, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeBigUInt64LE(BigInt(seq), 8);
  payload.copy(frame, FRAME_HEADER_BYTES);
  frame.writeUInt32LE(crc32(frame.subarray(8)), 4);
  return frame;
}

export type ParsedFrame =
  | { kind: 'frame'; seq: number; payload: Buffer; size: number }
  /** The buffer ends inside this frame: read more, or, at the end of the file, a torn write. */
  | { kind: 'incomplete' }
  | { kind: 'corrupt'; reason: string };

/** Parses the frame starting at `offset`; never reads past `buf.length`. */
export function parseLogFrame(buf: Buffer, offset: number): ParsedFrame {
  if (buf.length - offset < FRAME_HEADER_BYTES) return { kind: 'incomplete' };
  const length = buf.readUInt32LE(offset);
  if (length > MAX_PAYLOAD_BYTES) return { kind: 'corrupt', reason: `record length ${length} is impossible` };
  const size = FRAME_HEADER_BYTES + length;
  if (buf.length - offset < size) return { kind: 'incomplete' };
  const expected = buf.readUInt32LE(offset + 4);
  if (crc32(buf.subarray(offset + 8, offset + size)) !== expected) {
    return { kind: 'corrupt', reason: 'checksum mismatch' };
  }
  const seq = Number(buf.readBigUInt64LE(offset + 8));
  return { kind: 'frame', seq, payload: buf.subarray(offset + FRAME_HEADER_BYTES, offset + size), size };
}
