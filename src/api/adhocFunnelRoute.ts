/**
 * POST /api/sites/:site/funnels — evaluate a funnel defined in the request (and, optionally, its
 * own micro-conversions) without editing midgoal.yaml: what an integrator or a notebook uses to try
 * a definition. The body uses midgoal.yaml's shapes; the query string takes the same report
 * options as GET …/funnels/:funnel. Errors name the field of the body that is wrong.
 */
import { StoreUnavailableError } from '../store/clickhouse/StoreUnavailableError.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../server/AppContext.ts';
import { runFunnel } from '../analysis/runFunnel.ts';
import { BadRequestError, NotFoundError } from '../analysis/errors.ts';
import { ConfigError, formatProblem } from '../config/ConfigError.ts';
import { withAdhocFunnel } from '../config/withAdhocFunnel.ts';
import { errorResponse } from './errorResponse.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const bodySchema = z.strictObject({
  funnel: z.looseObject({ id: z.string().optional() }),
  microConversions: z.array(z.unknown()).max(100).optional(),
  from: z.string().regex(DATE, { message: 'a date like 2026-11-01' }).optional(),
  to: z.string().regex(DATE, { message: 'a date like 2026-11-30' }).optional(),
});

export function createAdhocFunnelRoute(ctx: AppContext): Hono {
  const app = new Hono();
  app.post('/:site/funnels', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return errorResponse(c, 400, 'bad_json', 'The body is not JSON. Send {"funnel": {...}, "microConversions": [...]} (docs/API.md).');
    }
    const body = bodySchema.safeParse(raw);
    if (!body.success) {
      const lines = body.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return errorResponse(c, 400, 'bad_request', `${lines.join('; ')}. The body is {"funnel": {...}, "microConversions"?: [...], "from"?, "to"?}.`);
    }
    const funnel = { id: 'adhoc', ...body.data.funnel };
    try {
      const loaded = withAdhocFunnel(ctx.loaded, { funnel, microConversions: body.data.microConversions });
      if (ctx.lag() > 0) await ctx.flush();
      const report = await runFunnel(ctx.store, loaded, c.req.param('site'), String(funnel.id), {
        from: body.data.from,
        to: body.data.to,
      });
      return c.json(report);
    } catch (err) {
      if (err instanceof ConfigError) {
        return c.json(
          {
            error: {
              code: 'bad_definition',
              message: err.problems.map((p) => formatProblem(p)).join('\n'),
              message_ja: '定義に問題があります（各行に項目と理由があります）。',
              problems: err.problems.map((p) => ({ field: p.field, message: p.message })),
            },
          },
          400,
        );
      }
      if (err instanceof NotFoundError) return errorResponse(c, 404, 'not_found', err.message, err.messageJa);
      if (err instanceof BadRequestError) return errorResponse(c, 400, 'bad_request', err.message, err.messageJa);
      if (err instanceof StoreUnavailableError) return errorResponse(c, 503, 'store_unavailable', err.message, err.messageJa);
      throw err;
    }
  });
  return app;
}
