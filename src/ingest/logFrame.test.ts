import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, encodeLogFrame, parseLogFrame } from './logFrame.ts';

describe('log frames', () => {
  const payload = Buffer.from('{"id":"a"}'); // 10 bytes
  const frame = encodeLogFrame(42, payload);

  it('is 16 header bytes plus the payload, length first', () => {
    expect(frame.length).toBe(FRAME_HEADER_BYTES + 10);
    expect(frame.readUInt32LE(0)).toBe(10);
    expect(frame.readBigUInt64LE(8)).toBe(42n);
  });

  it('parses back to the same seq and payload', () => {
    const parsed = parseLogFrame(frame, 0);
    expect(parsed).toMatchObject({ kind: 'frame', seq: 42, size: 26 });
    expect(parsed.kind === 'frame' && parsed.payload.toString()).toBe('{"id":"a"}');
  });

  it('reports a cut-off frame as incomplete and a changed byte as corrupt', () => {
    expect(parseLogFrame(frame.subarray(0, 25), 0)).toEqual({ kind: 'incomplete' });
    expect(parseLogFrame(frame.subarray(0, 10), 0)).toEqual({ kind: 'incomplete' });
    const damaged = Buffer.from(frame);
    damaged.writeUInt8(damaged.readUInt8(20) ^ 1, 20);
    expect(parseLogFrame(damaged, 0)).toEqual({ kind: 'corrupt', reason: 'checksum mismatch' });
  });

  it('refuses an impossible length instead of waiting for 4 GB', () => {
    const huge = Buffer.from(frame);
    huge.writeUInt32LE(0xffffffff, 0);
    expect(parseLogFrame(huge, 0).kind).toBe('corrupt');
  });
});
