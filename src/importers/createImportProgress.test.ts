import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createImportProgress } from './createImportProgress.ts';

function fakeStream(tty = false): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY: tty, columns: 200 }) as unknown as NodeJS.WriteStream;
  stream.write = ((chunk: string) => {
    chunks.push(String(chunk));
    return true;
  }) as NodeJS.WriteStream['write'];
  return { stream, text: () => chunks.join('') };
}

const progress = { bytesRead: 1_000_000, read: 10_000, stored: 9_990, rejected: 10, elapsedMs: 1000 };

describe('createImportProgress', () => {
  it('prints plain lines, at most one per interval, when stderr is not a terminal', () => {
    const { stream, text } = fakeStream();
    const view = createImportProgress({ totalBytes: 4_000_000, lang: 'en', stream, isTTY: false, intervalMs: 0 });
    view.update(progress);
    view.stop();
    expect(text()).toBe('importing: 25% (1.0/4.0 MB) read 10,000, stored 9,990, rejected 10, 9,990 events/s\n');

    const quiet = fakeStream();
    const slow = createImportProgress({ totalBytes: 4_000_000, lang: 'en', stream: quiet.stream, isTTY: false, intervalMs: 60_000 });
    slow.update(progress);
    expect(quiet.text()).toBe('');
  });

  it('draws a bar with bytes and events/s on a terminal', () => {
    const { stream, text } = fakeStream(true);
    const view = createImportProgress({ totalBytes: 4_000_000, lang: 'en', stream });
    view.update(progress);
    view.stop();
    expect(text()).toContain('25% | 1.0/4.0 MB | 9,990 stored · 10 rejected · 9,990 events/s');
  });
});
