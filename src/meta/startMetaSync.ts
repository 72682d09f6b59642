/**
 * A server's link to the metadata store: every interval it reports its status (heartbeat) and
 * looks for a newer configuration version, handing it to onConfig. The store may be down for a
 * while (database restart, network): errors are logged — once per kind of message per minute, so
 * an outage does not flood the log — and the next tick tries again. Nothing here throws.
 */
import type { CollectorStatus, MetaStore, StoredConfig } from './MetaStore.ts';

export interface MetaSyncOptions {
  /** The status to report, read at each heartbeat. */
  status: () => CollectorStatus;
  /** Called with each configuration newer than the last one seen (may return a promise). */
  onConfig: (cfg: StoredConfig) => void | Promise<void>;
  /** Default 10 s. */
  intervalMs?: number;
  /** Where problems go (default console.error). */
  log?: (message: string) => void;
  /** The configuration version already in use, so it is not delivered again (default: none). */
  knownVersion?: number;
  /** A repeated identical message is logged at most once per this long (default 60 s). */
  logEveryMs?: number;
}

export interface MetaSync {
  /** Waits for a running tick, then stops; no heartbeat or onConfig happens after it resolves. */
  stop(): Promise<void>;
}

export function startMetaSync(meta: MetaStore, opts: MetaSyncOptions): MetaSync {
  const intervalMs = opts.intervalMs ?? 10_000;
  const log = rateLimited(opts.log ?? ((m) => console.error(m)), opts.logEveryMs ?? 60_000);
  let seen = opts.knownVersion ?? 0;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const step = async (what: string, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      log(`midgoal: metadata store (${meta.describe}) ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const tick = async (): Promise<void> => {
    // Heartbeat and config are independent: a broken onConfig must not stop heartbeats.
    await step('heartbeat', () => meta.heartbeat(opts.status()));
    if (stopped) return;
    await step('configuration check', async () => {
      const latest = await meta.latestConfig();
      if (stopped || !latest || latest.version <= seen) return;
      // Marked seen before onConfig: a configuration that onConfig rejects is reported once, not every tick.
      seen = latest.version;
      await opts.onConfig(latest);
    });
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  running = tick().finally(schedule);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** The same message at most once per `everyMs`; how many were held back is added to the next one. */
function rateLimited(log: (m: string) => void, everyMs: number): (m: string) => void {
  const last = new Map<string, { at: number; held: number }>();
  return (message) => {
    const now = Date.now();
    const entry = last.get(message);
    if (entry && now - entry.at < everyMs) {
      entry.held++;
      return;
    }
    const held = entry?.held ?? 0;
    // Messages that differ every time (counts, times) must not grow the map without end.
    if (last.size >= 100) last.clear();
    last.set(message, { at: now, held: 0 });
    log(held > 0 ? `${message} (repeated ${held} more times)` : message);
  };
}
