/**
 * Endpoints for the CLI while a server owns the data folder (import, demo). Guarded by the token in
 * <data>/server.json, which only the folder's owner can read.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../server/AppContext.ts';
import { storedEventSchema } from '../schema/storedEventSchema.ts';
import { errorResponse } from './errorResponse.ts';

/**
 * Every field is checked: an event the log writer could not store would block the writer for
 * everything behind it.
 */
const storedBatchSchema = z.array(storedEventSchema).max(100_000);

export function createInternalRoute(ctx: AppContext): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    if (!sameToken(c.req.header('authorization') ?? '', `Bearer ${ctx.token}`)) {
      return errorResponse(c, 401, 'unauthorized', 'This endpoint is for the midgoal CLI on the same machine.');
    }
    await next();
  });
  app.post('/events', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return errorResponse(c, 400, 'bad_json', 'The body is not JSON; send an array of stored events.');
    }
    const parsed = storedBatchSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || '(body)';
      return errorResponse(c, 400, 'bad_batch', `Event field ${where}: ${issue?.message ?? 'invalid'}. Nothing was stored.`);
    }
    await ctx.sink.append(parsed.data);
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

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
