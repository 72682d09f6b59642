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
    }),
  );
  return app;
}
