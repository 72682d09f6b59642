/**
 * The batch writer: drains the ingest log into the store in batches (on size, on a timer, on
 * flush and at shutdown), recording the applied seq in the same store transaction. On start it
 * replays whatever the store lacks, so a crash neither loses nor duplicates an acknowledged event.
 */
import type { EventStore } from '../store/EventStore.ts';
import type { IngestLog } from './openIngestLog.ts';

/** A batch could not be written into the store; its events stay in the log and are retried. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
}

export interface LogWriterOptions {
  /** Write as soon as this many records wait (default 5,000). */
  batchSize?: number;
  /** Write whatever waits this long after it became durable (default 200 ms). */
  intervalMs?: number;
  /** Wait before retrying a failed store write (default 1,000 ms). */
  retryMs?: number;
  /** A store write failed; the writer retries (default: console.error). */
  onError?: (err: Error) => void;
}

export interface LogWriterStats {
  appliedSeq: number;
  /** Records durable in the log but not yet in the store. */
  lag: number;
  batches: number;
  events: number;
  failures: number;
  lastError: string | null;
  /** When (ms since epoch) the store writes started failing; null while they succeed. */
  failingSince: number | null;
}

export interface LogWriter {
  /** Resolves once everything appended before the call is in the store; rejects if a write failed. */
  flush(): Promise<void>;
  /** Flushes, then stops. Does not close the log or the store (their owner does). */
  stop(): Promise<void>;
  lag(): number;
  stats(): LogWriterStats;
}

interface FlushWaiter {
  target: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Starts draining `log` into `store`. Call before the server accepts events: it first moves the
 * log's seq counter past the store's applied seq (see IngestLog.startAfter).
 */
export async function startLogWriter(log: IngestLog, store: EventStore, options: LogWriterOptions = {}): Promise<LogWriter> {
  const batchSize = options.batchSize ?? 5000;
  const intervalMs = options.intervalMs ?? 200;
  const retryMs = options.retryMs ?? 1000;
  const onError = options.onError ?? ((err: Error) => console.error(err.message));

  let applied = await store.appliedSeq();
  await log.startAfter(applied);

  const stats = { batches: 0, events: 0, failures: 0, lastError: null as string | null, failingSince: null as number | null };
  const waiters: FlushWaiter[] = [];
  let stopping = false;
  // Replay at start: whatever is durable already is due at once.
  let due = true;
  let timer: NodeJS.Timeout | null = null;
  let woken = false;
  let wakeUp: (() => void) | null = null;
  let signalStop = (): void => {};
  const stopRequested = new Promise<void>((resolve) => (signalStop = resolve));

  const backlog = (): number => Math.max(0, log.durableSeq - applied);
  const wake = (): void => {
    woken = true;
    wakeUp?.();
    wakeUp = null;
  };
  const unsubscribe = log.onDurable(() => {
    if (backlog() >= batchSize) wake();
    else if (backlog() > 0 && timer === null) {
      timer = setTimeout(() => {
        timer = null;
        due = true;
        wake();
      }, intervalMs);
      timer.unref();
    }
  });

  const settleWaiters = (err?: Error): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (!w) continue;
      if (w.target <= applied) w.resolve();
      else if (err) w.reject(err);
      else continue;
      waiters.splice(i, 1);
    }
  };

  const drainTo = async (target: number): Promise<void> => {
    while (applied < target) {
      const { records, throughSeq } = await log.read(applied, batchSize);
      if (throughSeq <= applied) {
        throw new Error(`the log reports records up to ${target} but none could be read after ${applied}`);
      }
      await store.append(
        records.map((r) => r.event),
        throughSeq,
      );
      applied = throughSeq;
      stats.batches += 1;
      stats.events += records.length;
      stats.failingSince = null;
      await log.release(applied).catch((err: Error) => onError(new Error(`Could not delete applied log segments: ${err.message}`)));
      settleWaiters();
    }
  };

  const loop = (async () => {
    for (;;) {
      woken = false;
      const work = backlog() > 0 && (due || stopping || waiters.length > 0 || backlog() >= batchSize);
      if (work) {
        due = false;
        try {
          await drainTo(log.durableSeq);
        } catch (cause) {
          const err = new StoreWriteError(
            `Writing events from the ingest log into the store failed: ${(cause as Error).message}. ` +
              'They stay in the ingest log and are retried; the reason above says what to fix (a full disk, an unreachable store…).',
            { cause },
          );
          stats.failures += 1;
          stats.lastError = err.message;
          stats.failingSince ??= Date.now();
          onError(err);
          settleWaiters(err);
          if (stopping) {
            onError(new Error(`${backlog()} events remain in the ingest log; they will be written at the next start.`));
            break;
          }
          // Only a stop cuts the pause short: new arrivals must not hammer a failing store.
          let pause: NodeJS.Timeout | undefined;
          await Promise.race([new Promise((resolve) => (pause = setTimeout(resolve, retryMs))), stopRequested]);
          clearTimeout(pause);
          due = true;
        }
        continue;
      }
      settleWaiters();
      if (stopping) break;
      if (!woken) await new Promise<void>((resolve) => (wakeUp = resolve));
    }
  })();

  return {
    async flush() {
      if (stopping) throw new Error('The log writer has stopped; restart midgoal serve to write the remaining events.');
      const target = await log.settle();
      if (applied >= target) return;
      await new Promise<void>((resolve, reject) => {
        waiters.push({ target, resolve, reject });
        wake();
      });
    },
    async stop() {
      if (!stopping) {
        await log.settle();
        stopping = true;
        signalStop();
        wake();
      }
      await loop;
      if (timer) clearTimeout(timer);
      timer = null;
      unsubscribe();
    },
    lag: backlog,
    stats: () => ({ appliedSeq: applied, lag: backlog(), ...stats }),
  };
}
