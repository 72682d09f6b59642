/**
 * The optional parts of the funnel report (breakdown, trend, comparison, time to convert) and the
 * dropped-units export: zod schemas for what GET /api/sites/:site/funnels/:funnel adds when asked,
 * types by z.infer. Every rate is a fraction with its 95 % Wilson interval, null over zero units.
 */
import { z } from 'zod';
import { confidenceIntervalSchema, funnelReportSchema } from './funnelReport.ts';

const rate = z.number().min(0).max(1).nullable();
const count = z.number().int().nonnegative();

/** One step of a slice (a breakdown value, a trend bucket). */
export const stepStatSchema = z.object({
  id: z.string(),
  /** Units of the slice that reached this step. */
  count,
  /** count / previous step's count; ci is its 95 % Wilson interval. Null for the first step. */
  rateFromPrevious: rate,
  ci: confidenceIntervalSchema.nullable(),
  /** count / first step's count; ciFromStart is its interval (null for the first step). */
  rateFromStart: rate,
  ciFromStart: confidenceIntervalSchema.nullable(),
});

const sliceShape = {
  steps: z.array(stepStatSchema),
  overallRate: rate,
  overallCi: confidenceIntervalSchema.nullable(),
};

export const breakdownRowSchema = z.object({
  /** The dimension's value at the unit's first step; null when the event had none. */
  value: z.string().nullable(),
  /** This value's part of all units that reached the first step, with its interval. */
  share: rate,
  shareCi: confidenceIntervalSchema.nullable(),
  ...sliceShape,
});

export const funnelBreakdownSchema = z.object({
  /** As asked: `channel`, `utm_source`, `landing_page`, `visitor_type`, `prop:plan`, … */
  dimension: z.string(),
  /** Values are read from the event that started the counted attempt. */
  attributedAt: z.literal('first_step'),
  /** Units that reached the first step (the sum of every row's first count). */
  total: count,
  /** Largest first-step counts first, at most `limit` rows. */
  rows: z.array(breakdownRowSchema),
  /** Every value past the limit, merged; null when nothing was left out. */
  others: z.object({ values: count, ...breakdownRowSchema.omit({ value: true }).shape }).nullable(),
});

export const trendIntervalSchema = z.enum(['day', 'week', 'month']);

export const trendBucketSchema = z.object({
  /** '2026-11-02' (day), '2026-W45' (ISO week), '2026-11' (month). */
  label: z.string(),
  /** First and last calendar day of the bucket (YYYY-MM-DD, site time zone, inclusive). */
  start: z.string(),
  end: z.string(),
  /** True when the asked range cuts the bucket (a week or month only partly inside from…to). */
  partial: z.boolean(),
  ...sliceShape,
});

export const funnelTrendSchema = z.object({
  interval: trendIntervalSchema,
  timezone: z.string(),
  /** Units are counted in the bucket of their first step's time. */
  buckets: z.array(trendBucketSchema),
});

export const durationStatsSchema = z.object({
  /** Units with a measured duration. */
  count,
  /** Seconds (to 0.1 s); percentiles interpolate linearly (like numpy.percentile, Excel PERCENTILE.INC). */
  median: z.number().nonnegative().nullable(),
  p90: z.number().nonnegative().nullable(),
  /** Units per bucket from <= seconds < to; the last bucket has to = null (open). */
  histogram: z.array(z.object({ from: z.number().nonnegative(), to: z.number().positive().nullable(), count })),
});

export const timeToConvertSchema = z.object({
  /** From the second step on. */
  steps: z.array(
    z.object({
      id: z.string(),
      /** Since the previous step; null in `any` order, where steps have no previous one. */
      fromPrevious: durationStatsSchema.nullable(),
      /** Since the attempt's first step. */
      fromStart: durationStatsSchema,
    }),
  ),
});

const periodRateSchema = z.object({
  count,
  /** The rate's denominator (previous step's count); null for the first step. */
  of: count.nullable(),
  rate,
  ci: confidenceIntervalSchema.nullable(),
});

const rateComparisonShape = {
  current: periodRateSchema,
  previous: periodRateSchema,
  /** current − previous rate: absolute (0.05 = 5 points), relative (0.2 = +20 %), 95 % interval. */
  change: z
    .object({ absolute: z.number(), relative: z.number().nullable(), low: z.number(), high: z.number() })
    .nullable(),
  /** Whether the two periods' Wilson intervals overlap (descriptive; see `test`). */
  intervalsOverlap: z.boolean().nullable(),
  /** The change's 95 % interval excludes 0. */
  significant: z.boolean().nullable(),
};

export const periodComparisonSchema = z.object({
  current: z.object({ from: z.string(), to: z.string() }),
  previous: z.object({ from: z.string(), to: z.string() }),
  /** What `significant` means, in words. */
  test: z.string(),
  steps: z.array(
    z.object({
      id: z.string(),
      countChange: z.object({ absolute: z.number().int(), relative: z.number().nullable() }),
      ...rateComparisonShape,
    }),
  ),
  /** Last step / first step. */
  overall: z.object(rateComparisonShape),
});

export const funnelExtrasSchema = z.object({
  breakdown: funnelBreakdownSchema.optional(),
  trend: funnelTrendSchema.optional(),
  comparison: periodComparisonSchema.optional(),
  timeToConvert: timeToConvertSchema.optional(),
});

export const extendedFunnelReportSchema = funnelReportSchema.extend(funnelExtrasSchema.shape);

export const droppedReportSchema = z.object({
  site: z.string(),
  funnel: z.string(),
  /** The step the units reached last (they did not reach the next one). */
  step: z.string(),
  unit: z.enum(['visitor', 'session']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** All dropped units; `units` may be cut to the limit. */
  total: count,
  truncated: z.boolean(),
  units: z.array(
    z.object({
      visitor: z.string(),
      session: z.string().nullable(),
      /** Step id → when the counted attempt reached it (ISO 8601, UTC), up to the dropped step. */
      reachedAt: z.record(z.string(), z.string()),
    }),
  ),
});

export type StepStat = z.infer<typeof stepStatSchema>;
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;
export type FunnelBreakdown = z.infer<typeof funnelBreakdownSchema>;
export type TrendInterval = z.infer<typeof trendIntervalSchema>;
export type TrendBucket = z.infer<typeof trendBucketSchema>;
export type FunnelTrend = z.infer<typeof funnelTrendSchema>;
export type DurationStats = z.infer<typeof durationStatsSchema>;
export type TimeToConvert = z.infer<typeof timeToConvertSchema>;
export type PeriodComparison = z.infer<typeof periodComparisonSchema>;
export type FunnelExtras = z.infer<typeof funnelExtrasSchema>;
export type ExtendedFunnelReport = z.infer<typeof extendedFunnelReportSchema>;
export type DroppedReport = z.infer<typeof droppedReportSchema>;
