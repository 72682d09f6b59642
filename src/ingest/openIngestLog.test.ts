import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankStoredEvent } from '../schema/storedEvent.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import { encodeLogFrame } from './logFrame.ts';
import { openIngestLog } from './openIngestLog.ts';
import type { IngestLog } from './openIngestLog.ts';

function event(n: number): StoredEvent {
  return blankStoredEvent({ id: `e${n}`, site: 'shop', ts: 1_700_000_000_000 + n, name: 'page_view', visitor: 'v1' });
}

let dir: string;
const opened: IngestLog[] = [];
async function openLog(options: Parameters<typeof openIngestLog>[1] = {}): Promise<IngestLog> {
  const log = await openIngestLog(dir, options);
  opened.push(log);
  return log;
}
const logDir = (): string => path.join(dir, 'log');
const firstSegment = async (): Promise<string> => path.join(logDir(), (await readdir(logDir())).sort()[0] ?? '');

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-log-'));
});
afterEach(async () => {
  for (const log of opened.splice(0)) await log.close();
  await rm(dir, { recursive: true, force: true });
});

describe('openIngestLog', () => {
  it('numbers records 1, 2, 3 … and keeps counting after a restart', async () => {
    const log = await openLog();
    await log.append([event(1), event(2)]);
    await log.append([event(3)]);
    expect(log.durableSeq).toBe(3);
    expect((await log.read(1, 10)).records.map((r) => [r.seq, r.event.id])).toEqual([[2, 'e2'], [3, 'e3']]);
    await log.close();

    const again = await openLog();
    expect(again.lastSeq).toBe(3);
    // After a restart the records come from disk, events intact.
    expect(await again.read(0, 10)).toEqual({ records: [1, 2, 3].map((n) => ({ seq: n, event: event(n) })), throughSeq: 3 });
    await again.append([event(4)]);
    expect((await again.read(3, 10)).records.map((r) => r.seq)).toEqual([4]);
  });

  it('cuts off a torn tail on open and reuses its seq', async () => {
    const log = await openLog();
    await log.append([event(1), event(2), event(3)]);
    await log.close();
    const file = await firstSegment();
    const goodSize = (await stat(file)).size;
    // A crash in the middle of writing record 4: only its first 20 bytes reached the file.
    const frame = encodeLogFrame(4, Buffer.from(JSON.stringify(event(4))));
    await appendFile(file, frame.subarray(0, 20));

    const warnings: string[] = [];
    const again = await openLog({ onWarning: (m) => warnings.push(m) });
    expect(again.lastSeq).toBe(3);
    expect((await stat(file)).size).toBe(goodSize);
    expect(warnings).toEqual([]); // a torn tail is the normal trace of a crash, not damage
    await again.append([event(40)]);
    expect((await again.read(3, 10)).records.map((r) => [r.seq, r.event.id])).toEqual([[4, 'e40']]);
  });

  it('treats a checksum mismatch as damage: cuts it, keeps a .damaged copy, warns', async () => {
    const log = await openLog();
    await log.append([event(1), event(2)]);
    await log.close();
    const file = await firstSegment();
    const bytes = await readFile(file);
    const at = bytes.length - 3; // a byte inside record 2's JSON
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    await writeFile(file, bytes);

    const warnings: string[] = [];
    const again = await openLog({ onWarning: (m) => warnings.push(m) });
    expect(again.lastSeq).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('checksum mismatch');
    expect((await readdir(logDir())).sort()).toEqual(['0000000000000001.log', '0000000000000001.log.damaged', 'LOCK']);
  });

  it('group commit: 2000 appends issued together resolve after exactly 2 fsyncs', async () => {
    const log = await openLog();
    // The first append starts a sync on its own; the other 1999 arrive while it is in flight and
    // are written together, sharing the second sync.
    await Promise.all(Array.from({ length: 2000 }, (_, i) => log.append([event(i + 1)])));
    const stats = log.stats();
    expect(stats.appendCalls).toBe(2000);
    expect(stats.fsyncs).toBe(2);
    expect(stats.durableSeq).toBe(2000);
    const { records } = await log.read(0, 5000);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
  });

  it('rolls segments, reads across them from disk, and deletes only fully applied ones', async () => {
    const log = await openLog({ segmentBytes: 1000 });
    for (let n = 1; n <= 30; n++) await log.append([event(n)]);
    await log.close();
    const again = await openLog({ segmentBytes: 1000 });
    const segments = again.stats().segments;
    expect(segments).toBeGreaterThan(3);
    expect((await again.read(0, 100)).records.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await again.read(17, 5)).records.map((r) => r.seq)).toEqual([18, 19, 20, 21, 22]);

    await again.release(30);
    expect(again.stats().segments).toBe(1); // the active segment stays, it carries the seq counter
    await again.close();
    const third = await openLog({ segmentBytes: 1000 });
    await third.append([event(31)]);
    expect((await third.read(30, 10)).records.map((r) => r.seq)).toEqual([31]);
  });

  it('skips the damaged rest of a sealed segment when replaying, and says so', async () => {
    const log = await openLog({ segmentBytes: 1000 });
    for (let n = 1; n <= 12; n++) await log.append([event(n)]);
    await log.close();
    const names = (await readdir(logDir())).sort();
    const secondFirst = Number(names[1]?.slice(0, 16)); // the first segment ends at secondFirst - 1
    const first = path.join(logDir(), names[0] ?? '');
    const bytes = await readFile(first);
    const at = bytes.length - 3; // inside the first segment's last record
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    await writeFile(first, bytes);

    const warnings: string[] = [];
    const again = await openLog({ segmentBytes: 1000, onWarning: (m) => warnings.push(m) });
    const { records, throughSeq } = await again.read(0, 100);
    const expected = Array.from({ length: 12 }, (_, i) => i + 1).filter((n) => n !== secondFirst - 1);
    expect(records.map((r) => r.seq)).toEqual(expected);
    expect(throughSeq).toBe(12);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('checksum mismatch');
  });

  it('bounds memory: beyond maxQueuedBytes the oldest records are read back from disk', async () => {
    const log = await openLog({ maxQueuedBytes: 2000 });
    for (let n = 1; n <= 40; n++) await log.append([event(n)]);
    const stats = log.stats();
    expect(stats.queuedBytes).toBeLessThanOrEqual(2000);
    expect(stats.queuedRecords).toBeLessThan(40);
    expect((await log.read(0, 100)).records.map((r) => r.event.id)).toEqual(Array.from({ length: 40 }, (_, i) => `e${i + 1}`));
    expect(log.stats().diskReads).toBe(1);
  });

  it('startAfter moves the counter past the store, also across a restart', async () => {
    const log = await openLog();
    await log.startAfter(100);
    await log.append([event(1)]);
    expect(log.lastSeq).toBe(101);
    await log.close();
    const again = await openLog();
    expect(again.lastSeq).toBe(101);
    expect((await again.read(0, 10)).records.map((r) => r.seq)).toEqual([101]);
  });

  it('refuses appends after close with a message saying to resend', async () => {
    const log = await openLog();
    await log.close();
    await expect(log.append([event(1)])).rejects.toThrow(/send them again/);
  });
});
