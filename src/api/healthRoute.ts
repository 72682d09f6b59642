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
  app.get('/', async (c) => {
    const writer = ctx.writerStats();
    const lag = ctx.lag();
    const status = lag >= ctx.maxBacklog ? 'full' : writer.failingSince !== null ? 'degraded' : 'ok';
    const events = await countWithin(ctx, COUNT_TIMEOUT_MS);
    return c.json(
      {
        ok: status !== 'full',
        status,
        store: {
          kind: ctx.storeInfo.kind,
          location: ctx.storeInfo.location,
          writing: writer.failingSince === null ? 'ok' : 'failing',
          failingSince: writer.failingSince === null ? null : new Date(writer.failingSince).toISOString(),
          lastError: writer.failingSince === null ? null : writer.lastError,
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

/** The store's event count, or null when it does not answer in time (health must not hang on it). */
async function countWithin(ctx: AppContext, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      ctx.store.countEvents(),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), ms);
      }),
    ]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Resident and JS-heap memory in MB: what an operator sizing the machine looks at. */
function memoryMb(): { rss: number; heapUsed: number; external: number } {
  const m = process.memoryUsage();
  const mb = (bytes: number): number => Math.round(bytes / 1e6);
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), external: mb(m.external) };
}
