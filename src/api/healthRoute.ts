/**
 * GET /api/health — liveness plus the numbers an operator checks first. `status`:
 * - `ok`: events are accepted and written to the store;
 * - `degraded`: events are accepted into the ingest log but the store does not take them now
 *   (ClickHouse down): nothing is lost, reports may be stale or fail;
 * - `full`: the backlog reached its bound and new events are refused (HTTP 503 here too, so a load
 *   balancer sends traffic to another collector).
 */
import { Hono } from 'hono';
import type { AppContext } from '../server/AppContext.ts';

/** How long the event count may take before health answers without it. */
const COUNT_TIMEOUT_MS = 2_000;

export function createHealthRoute(ctx: AppContext): Hono {
  const app = new Hono();
  const count = singleFlightCount(ctx);
  app.get('/', async (c) => {
    const writer = ctx.writerStats();
    const lag = ctx.lag();
    const events = await count(COUNT_TIMEOUT_MS);
    // A ClickHouse that does not answer is a degraded store even when nothing waits to be written.
    const unanswered = events === null && ctx.storeInfo.kind === 'clickhouse';
    const status = lag >= ctx.maxBacklog ? 'full' : writer.failingSince !== null || unanswered ? 'degraded' : 'ok';
    return c.json(
      {
        ok: status !== 'full',
        status,
        store: {
          kind: ctx.storeInfo.kind,
          location: ctx.storeInfo.location,
          memoryLimit: ctx.storeInfo.memoryLimit,
          writing: writer.failingSince === null ? 'ok' : 'failing',
          failingSince: writer.failingSince === null ? null : new Date(writer.failingSince).toISOString(),
          lastError:
            writer.failingSince !== null
              ? writer.lastError
              : unanswered
                ? `the store did not answer the health check's event count within ${COUNT_TIMEOUT_MS / 1000} s`
                : null,
        },
        events,
        lag,
        maxBacklog: ctx.maxBacklog,
        dropped: ctx.counters.toJSON(),
        memory: memoryMb(),
      },
      status === 'full' ? 503 : 200,
    );
  });
  return app;
}

/**
 * The store's event count, or null when it does not answer within `ms` (health must not hang on
 * it). One count at a time: while a store hangs, load-balancer checks every few seconds would
 * otherwise each hold one of the store client's few connections until its timeout, and reports
 * and the log writer would queue behind them.
 */
function singleFlightCount(ctx: AppContext): (ms: number) => Promise<number | null> {
  let running: Promise<number | null> | null = null;
  return async (ms) => {
    running ??= ctx.store.countEvents().then(
      (n) => n,
      () => null,
    );
    const mine = running;
    void mine.finally(() => {
      if (running === mine) running = null;
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        mine,
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Resident and JS-heap memory in MB: what an operator sizing the machine looks at. */
function memoryMb(): { rss: number; heapUsed: number; external: number } {
  const m = process.memoryUsage();
  const mb = (bytes: number): number => Math.round(bytes / 1e6);
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), external: mb(m.external) };
}
