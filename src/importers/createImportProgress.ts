/**
 * Progress on stderr while an import runs: a cli-progress bar (bytes read of the file size,
 * events/s) when stderr is a terminal, else one line every few seconds so logs and CI output
 * stay readable.
 */
import { SingleBar } from 'cli-progress';
import type { ImportProgress } from './runImport.ts';
import { eventsPerSecond, formatProgressLine, type Lang } from './formatImportSummary.ts';

export interface ImportProgressView {
  update(progress: ImportProgress): void;
  stop(): void;
}

export const LINE_INTERVAL_MS = 5_000;

export function createImportProgress(opts: {
  totalBytes: number;
  lang: Lang;
  stream?: NodeJS.WriteStream;
  /** Injected by tests; defaults to the stream's own isTTY. */
  isTTY?: boolean;
  /** Without a terminal: least time between two lines. */
  intervalMs?: number;
}): ImportProgressView {
  const stream = opts.stream ?? process.stderr;
  const tty = opts.isTTY ?? stream.isTTY === true;
  if (!tty) {
    const interval = opts.intervalMs ?? LINE_INTERVAL_MS;
    let last = performance.now();
    return {
      update(p) {
        const now = performance.now();
        if (now - last < interval) return;
        last = now;
        stream.write(`${formatProgressLine(p, opts.totalBytes, opts.lang)}\n`);
      },
      stop() {},
    };
  }
  const label = opts.lang === 'ja' ? '{stored} 件保存 · 除外 {rejected} · 毎秒 {eps} 件' : '{stored} stored · {rejected} rejected · {eps} events/s';
  const bar = new SingleBar({
    stream,
    format: ` {bar} {percentage}% | {mb} MB | ${label}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: false,
  });
  const total = Math.max(1, opts.totalBytes);
  const payload = (p: ImportProgress) => ({
    mb: `${(p.bytesRead / 1e6).toFixed(1)}/${(opts.totalBytes / 1e6).toFixed(1)}`,
    stored: p.stored.toLocaleString('en-US'),
    rejected: p.rejected.toLocaleString('en-US'),
    eps: eventsPerSecond(p).toLocaleString('en-US'),
  });
  bar.start(total, 0, payload({ bytesRead: 0, read: 0, stored: 0, rejected: 0, elapsedMs: 0 }));
  return {
    update(p) {
      bar.update(Math.min(total, p.bytesRead), payload(p));
    },
    stop() {
      bar.stop();
    },
  };
}
