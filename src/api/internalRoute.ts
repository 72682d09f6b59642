/**
 * Endpoints for the CLI while a server owns the data folder (import, demo). Guarded by the token in
 * <data>/server.json, which only the folder's owner can read.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../server/AppContext.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import { errorResponse } from './errorResponse.ts';

/** Stored events come from our own importers; check the shape cheaply, not every field. */
const storedBatchSchema = z.array(
  z.looseObject({ id: z.string(), site: z.string(), ts: z.number(), name: z.string(), visitor: z.string() }),
);

export function createInternalRoute(ctx: AppContext): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${ctx.token}`) {
      return errorResponse(c, 401, 'unauthorized', 'This endpoint is for the midgoal CLI on the same machine.');
    }
    await next();
  });
  app.post('/events', async (c) => {
    const parsed = storedBatchSchema.safeParse(await c.req.json());
    if (!parsed.success) return errorResponse(c, 400, 'bad_batch', 'Expected an array of stored events.');
    await ctx.sink.append(parsed.data as unknown as StoredEvent[]);
    return c.json({ accepted: parsed.data.length }, 202);
  });
  app.post('/flush', async (c) => {
    await ctx.flush();
    return c.json({ ok: true });
  });
  app.get('/count', async (c) => {
    await ctx.flush();
    return c.json({ events: await ctx.store.countEvents(c.req.query('site')) });
  });
  app.delete('/sites/:site/events', async (c) => {
    await ctx.flush();
    await ctx.deleteSiteEvents(c.req.param('site'));
    return c.json({ ok: true });
  });
  return app;
}
