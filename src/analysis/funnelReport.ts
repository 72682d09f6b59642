/**
 * The funnel report's JSON: what shapeFunnel and runFunnel return and GET
 * /api/sites/:site/funnels/:funnel sends. Rates are fractions (0.3 = 30 %); a rate with a zero
 * denominator is null rather than 0 or NaN, so "no data" never reads as "nobody converted".
 */
import { z } from 'zod';

export const localizedLabelSchema = z.object({ en: z.string(), ja: z.string().optional() });

export const confidenceIntervalSchema = z.object({ low: z.number().min(0).max(1), high: z.number().min(0).max(1) });

export const funnelStepReportSchema = z.object({
  id: z.string(),
  label: localizedLabelSchema,
  /** Visitors who reached this step (and so every step before it). */
  count: z.number().int().nonnegative(),
  /** count / previous count; null for the first step or when the previous count is 0. */
  rateFromPrevious: z.number().min(0).max(1).nullable(),
  /** count / first step's count; null when the first count is 0. */
  rateFromStart: z.number().min(0).max(1).nullable(),
  /** Visitors lost since the previous step; 0 for the first step. */
  dropOff: z.number().int().nonnegative(),
  /** 95 % Wilson interval for rateFromPrevious; null when that rate is. */
  ci: confidenceIntervalSchema.nullable(),
});

export const shapedFunnelSchema = z.object({
  steps: z.array(funnelStepReportSchema),
  /** Last step's count / first step's count; null when the first count is 0. */
  overallRate: z.number().min(0).max(1).nullable(),
});

export const funnelReportSchema = z.object({
  site: z.string(),
  funnel: z.string(),
  label: localizedLabelSchema,
  /** Seconds from an attempt's first step to its last, inclusive. */
  window: z.number().int().positive(),
  /** First day counted (YYYY-MM-DD, site time zone), or null when open. */
  from: z.string().nullable(),
  /** Last day counted, inclusive, or null when open. */
  to: z.string().nullable(),
  ...shapedFunnelSchema.shape,
});

export type ConfidenceInterval = z.infer<typeof confidenceIntervalSchema>;
export type FunnelStepReport = z.infer<typeof funnelStepReportSchema>;
export type ShapedFunnel = z.infer<typeof shapedFunnelSchema>;
export type FunnelReport = z.infer<typeof funnelReportSchema>;
