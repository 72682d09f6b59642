/**
 * GET /api/sites/:site/funnels/:funnel — the funnel report as JSON; breakdown, trend, comparison
 * and time to convert are added only when asked for (docs/API.md).
 * GET /api/sites/:site/funnels/:funnel/dropped?step=ID — who stopped after a step, JSON or CSV.
 * Query strings are checked with zod; an error names the parameter and what it accepts.
 */
import { StoreUnavailableError } from '../store/clickhouse/StoreUnavailableError.ts';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../server/AppContext.ts';
import { runFunnel } from '../analysis/runFunnel.ts';
import { droppedReportJson, runDropped } from '../analysis/runDropped.ts';
import { formatDroppedCsv } from '../analysis/formatDroppedCsv.ts';
import { BadRequestError, NotFoundError } from '../analysis/errors.ts';
import { trendIntervalSchema } from '../analysis/funnelExtrasReport.ts';
import { BREAKDOWN_NAMES, breakdownParamSchema } from '../analysis/parseBreakdown.ts';
import { errorResponse } from './errorResponse.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** JSON lists of dropped visitors stop here unless `limit` says otherwise; CSV exports are whole. */
const DEFAULT_DROPPED_JSON_LIMIT = 1000;

const rangeShape = {
  from: z.string().regex(DATE).optional(),
  to: z.string().regex(DATE).optional(),
};
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const reportQuerySchema = z.strictObject({
  ...rangeShape,
  breakdown: breakdownParamSchema.optional(),
  breakdownLimit: z.coerce.number().int().min(1).max(500).optional(),
  interval: trendIntervalSchema.optional(),
  compare: z.literal('previous').optional(),
  timeToConvert: flag.optional(),
});

const droppedQuerySchema = z.strictObject({
  ...rangeShape,
  step: z.string().min(1).max(64),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

/** What each parameter accepts, for error messages (English, Japanese). */
const HELP: Record<string, [string, string]> = {
  from: ['a date like 2026-11-01, the first day in the site time zone', '2026-11-01 の形式の日付（サイトのタイムゾーンでの初日）'],
  to: ['a date like 2026-11-30, the last day counted', '2026-11-30 の形式の日付（集計する最終日）'],
  breakdown: [`one of ${BREAKDOWN_NAMES.join(', ')}`, `次のいずれか: ${BREAKDOWN_NAMES.join(', ')}`],
  breakdownLimit: ['a whole number from 1 to 500, the rows kept', '1〜500 の整数（表示する行数）'],
  interval: ['day, week or month', 'day、week、month のいずれか'],
  compare: ['previous, the period of the same length just before', 'previous（直前の同じ長さの期間）'],
  timeToConvert: ['true or false', 'true または false'],
  step: ['the id of the step the visitors reached last', '訪問者が最後に到達したステップの ID'],
  format: ['json or csv', 'json または csv'],
  limit: ['a whole number from 1 to 1000000', '1〜1000000 の整数'],
};

export function createFunnelRoute(ctx: AppContext): Hono {
  const app = new Hono();

  app.get('/:site/funnels/:funnel', async (c) => {
    const query = reportQuerySchema.safeParse(c.req.query());
    if (!query.success) return badQuery(c, query.error, reportQuerySchema);
    const { from, to, ...options } = query.data;
    return answer(c, ctx, async () => {
      const report = await runFunnel(ctx.store, ctx.loaded, c.req.param('site'), c.req.param('funnel'), { from, to }, options);
      return c.json(report);
    });
  });

  app.get('/:site/funnels/:funnel/dropped', async (c) => {
    const query = droppedQuerySchema.safeParse(c.req.query());
    if (!query.success) return badQuery(c, query.error, droppedQuerySchema);
    const { from, to, step, format, limit } = query.data;
    const site = c.req.param('site');
    const funnel = c.req.param('funnel');
    return answer(c, ctx, async () => {
      const cap = limit ?? (format === 'json' ? DEFAULT_DROPPED_JSON_LIMIT : undefined);
      const result = await runDropped(ctx.store, ctx.loaded, site, funnel, step, { from, to }, cap);
      if (format === 'json') return c.json(droppedReportJson(result));
      const csv = formatDroppedCsv(result.dropped.units, result.reachedStepIds, result.report.unit);
      // Ids passed the funnel lookup, so they are safe in a header; the step id was checked too.
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${site}-${funnel}-dropped-after-${step}.csv"`,
        'x-total-count': String(result.report.total),
      });
    });
  });

  return app;
}

/** Runs a report with read-your-writes, mapping the analysis errors to HTTP. */
async function answer(c: Context, ctx: AppContext, run: () => Promise<Response>): Promise<Response> {
  try {
    // Events acknowledged a moment ago are in the log, maybe not yet in the store.
    if (ctx.lag() > 0) {
      try {
        await ctx.flush();
      } catch (err) {
        // The writer cannot reach the store; the events are safe in the log, but a report now would be stale.
        const why = err instanceof Error ? err.message : String(err);
        return errorResponse(
          c,
          503,
          'store_unavailable',
          `Recent events could not be written to the store yet (${why}). They are kept in the ingest log; retry in a moment, and check the server's log if this persists.`,
          '最近のイベントをまだストアに書き込めていません（イベントはログに保存済みです）。しばらくしてから再試行し、続く場合はサーバーのログを確認してください。',
        );
      }
    }
    return await run();
  } catch (err) {
    if (err instanceof NotFoundError) return errorResponse(c, 404, 'not_found', err.message, err.messageJa);
    if (err instanceof BadRequestError) return errorResponse(c, 400, 'bad_request', err.message, err.messageJa);
    if (err instanceof StoreUnavailableError) return errorResponse(c, 503, 'store_unavailable', err.message, err.messageJa);
    throw err;
  }
}

/** One 400 naming every wrong parameter: `interval: must be day, week or month (got "days")`. */
function badQuery(c: Context, error: z.ZodError, schema: z.ZodObject): Response {
  const query = c.req.query();
  const known = Object.keys(schema.shape).join(', ');
  const en: string[] = [];
  const ja: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        en.push(`${key}: not a parameter of this endpoint; it takes ${known}`);
        ja.push(`${key}: このエンドポイントのパラメータではありません（使えるもの: ${known}）`);
      }
      continue;
    }
    const field = String(issue.path[0] ?? '');
    const got = query[field];
    const params: unknown = issue.code === 'custom' ? issue.params : undefined;
    const customJa = typeof params === 'object' && params !== null && 'ja' in params ? String(params.ja) : undefined;
    if (issue.code === 'custom' && issue.message.startsWith(`${field}:`)) {
      en.push(issue.message.replace(/\.$/, ''));
      ja.push((customJa ?? issue.message).replace(/[。.]$/, ''));
      continue;
    }
    const [helpEn, helpJa] = HELP[field] ?? ['a valid value', '正しい値'];
    const gotText = got === undefined ? 'missing' : `got "${got}"`;
    const gotJa = got === undefined ? '指定がありません' : `指定値: "${got}"`;
    en.push(`${field}: must be ${helpEn} (${gotText})`);
    ja.push(`${field}: ${helpJa}を指定してください（${gotJa}）`);
  }
  return errorResponse(c, 400, 'bad_query', `${en.join('; ')}.`, `${ja.join('。')}。`);
}
