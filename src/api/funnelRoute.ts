/**
 * GET /api/sites/:site/funnels/:funnel?from=YYYY-MM-DD&to=YYYY-MM-DD — the funnel report as JSON.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../server/AppContext.ts';
import { runFunnel } from '../analysis/runFunnel.ts';
import { BadRequestError, NotFoundError } from '../analysis/errors.ts';
import { errorResponse } from './errorResponse.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const querySchema = z.object({
  from: z.string().regex(DATE, { message: 'from must be a date like 2026-11-01' }).optional(),
  to: z.string().regex(DATE, { message: 'to must be a date like 2026-11-30' }).optional(),
});

export function createFunnelRoute(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/:site/funnels/:funnel', async (c) => {
    const query = querySchema.safeParse(c.req.query());
    if (!query.success) {
      const issue = query.error.issues[0];
      return errorResponse(
        c,
        400,
        'bad_query',
        `${issue?.message ?? 'invalid query'}.`,
        '日付は 2026-11-01 の形式で指定してください。',
      );
    }
    try {
      // Read-your-writes: events acknowledged a moment ago are in the log, maybe not yet in the store.
      if (ctx.lag() > 0) await ctx.flush();
      const report = await runFunnel(ctx.store, ctx.loaded, c.req.param('site'), c.req.param('funnel'), query.data);
      return c.json(report);
    } catch (err) {
      if (err instanceof NotFoundError) return errorResponse(c, 404, 'not_found', err.message, err.messageJa);
      if (err instanceof BadRequestError) return errorResponse(c, 400, 'bad_request', err.message, err.messageJa);
      throw err;
    }
  });
  return app;
}
