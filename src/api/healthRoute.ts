/** GET /api/health — liveness plus the numbers an operator checks first. */
import { Hono } from 'hono';
import type { AppContext } from '../server/AppContext.ts';

export function createHealthRoute(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/', async (c) =>
    c.json({
      ok: true,
      events: await ctx.store.countEvents(),
      lag: ctx.lag(),
      dropped: ctx.counters.toJSON(),
      memory: memoryMb(),
    }),
  );
  return app;
}

/** Resident and JS-heap memory in MB: what an operator sizing the machine looks at. */
function memoryMb(): { rss: number; heapUsed: number; external: number } {
  const m = process.memoryUsage();
  const mb = (bytes: number): number => Math.round(bytes / 1e6);
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), external: mb(m.external) };
}
