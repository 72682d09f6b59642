/**
 * Endpoints for the CLI while a server owns the data folder (import, demo). Guarded by the token in
 * <data>/server.json, which only the folder's owner can read.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../server/AppContext.ts';
import { storedEventSchema } from '../schema/storedEventSchema.ts';
import { errorResponse } from './errorResponse.ts';
import { BacklogFullError } from '../ingest/boundedSink.ts';
import { StoreWriteError } from '../ingest/startLogWriter.ts';
import { StoreUnavailableError } from '../store/clickhouse/StoreUnavailableError.ts';

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
    return unavailableAs503(c, async () => {
      await ctx.sink.append(parsed.data);
      return c.json({ accepted: parsed.data.length }, 202);
    });
  });
  app.post('/flush', (c) =>
    unavailableAs503(c, async () => {
      await ctx.flush();
      return c.json({ ok: true });
    }),
  );
  app.get('/count', (c) =>
    unavailableAs503(c, async () => {
      await ctx.flush();
      return c.json({ events: await ctx.store.countEvents(c.req.query('site')) });
    }),
  );
  app.delete('/sites/:site/events', (c) =>
    unavailableAs503(c, async () => {
      await ctx.flush();
      await ctx.deleteSiteEvents(c.req.param('site'));
      return c.json({ ok: true });
    }),
  );
  return app;
}

/**
 * A full backlog or a store that does not answer is a 503 with its message (the CLI prints it),
 * not an internal error: nothing is wrong with the request, and retrying later works.
 */
async function unavailableAs503(c: Context, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof BacklogFullError) return errorResponse(c, 503, 'backlog_full', err.message);
    if (err instanceof StoreUnavailableError || err instanceof StoreWriteError) {
      return errorResponse(c, 503, 'store_unavailable', err.message);
    }
    throw err;
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
