/**
 * The boundary check every funnel evaluation passes first (zod): bad input gets a message naming
 * the field and the allowed range instead of a wrong answer or an engine error.
 */
import { z } from 'zod';
import { matchSchema, propNameSchema } from '../schema/match.ts';
import { MAX_WINDOW_SECONDS } from '../schema/funnel.ts';
import type { CountingUnit, FunnelOrder, FunnelQuery } from '../store/EventStore.ts';

export const MIN_FUNNEL_STEPS = 2;
export const MAX_FUNNEL_STEPS_IN_QUERY = 20;
const STEP_COUNT_MESSAGE = `a funnel has ${MIN_FUNNEL_STEPS} to ${MAX_FUNNEL_STEPS_IN_QUERY} steps`;
const SECONDS_MESSAGE = `must be a whole number of seconds from 1 to ${MAX_WINDOW_SECONDS} (366 days)`;

const seconds = z
  .number({ message: SECONDS_MESSAGE })
  .int({ message: SECONDS_MESSAGE })
  .min(1, { message: SECONDS_MESSAGE })
  .max(MAX_WINDOW_SECONDS, { message: SECONDS_MESSAGE });

export const BREAKDOWN_COLUMNS = [
  'channel',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'device',
  'browser',
  'os',
  'country',
  'referrer',
  'landing_page',
] as const;

const breakdownSchema = z.union([
  z.strictObject({ column: z.enum(BREAKDOWN_COLUMNS) }),
  z.strictObject({ prop: propNameSchema }),
  z.strictObject({ visitorType: z.literal(true) }),
]);

export const funnelQuerySchema = z
  .object({
    site: z.string().min(1),
    steps: z.array(matchSchema),
    windowSeconds: seconds,
    stepWindows: z.array(seconds.nullable()).optional(),
    exclusions: z.array(matchSchema).max(20, { message: 'at most 20 exclusions' }).optional(),
    order: z.enum(['sequential', 'strict', 'any']).optional(),
    unit: z.enum(['visitor', 'session']).optional(),
    breakdown: breakdownSchema.optional(),
    from: z.number().finite().optional(),
    to: z.number().finite().optional(),
  })
  .superRefine((q, ctx) => {
    if (q.steps.length < MIN_FUNNEL_STEPS || q.steps.length > MAX_FUNNEL_STEPS_IN_QUERY) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: `${STEP_COUNT_MESSAGE}, got ${q.steps.length}` });
    }
    const windows = q.stepWindows;
    if (windows !== undefined) {
      if (windows.length !== q.steps.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['stepWindows'],
          message: `give one entry per step (${q.steps.length}), null where there is no limit; got ${windows.length}`,
        });
      }
      if (windows[0] !== undefined && windows[0] !== null) {
        ctx.addIssue({ code: 'custom', path: ['stepWindows', 0], message: 'the first step has no previous step: use null' });
      }
      if (q.order === 'any' && windows.some((w) => w !== null)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stepWindows'],
          message: 'per-step windows need an ordered funnel (sequential or strict); `any` has only the global window',
        });
      }
    }
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'the range starts after it ends: give from <= to' });
    }
  });

/** What the state machines need to know about a funnel, defaults applied. */
export interface FunnelSpec {
  order: FunnelOrder;
  stepCount: number;
  windowSeconds: number;
  /** Index k: longest time from step k-1 to step k; Infinity when unlimited (index 0 unused). */
  stepWindows: Float64Array;
  hasExclusions: boolean;
}

export interface CheckedFunnelQuery {
  query: FunnelQuery;
  order: FunnelOrder;
  unit: CountingUnit;
  spec: FunnelSpec;
}

/** Validates `query`; throws `invalid funnel query at <field>: <what is wrong>` for the first problem. */
export function checkFunnelQuery(query: FunnelQuery): CheckedFunnelQuery {
  const parsed = funnelQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid funnel query at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const order = query.order ?? 'sequential';
  const stepWindows = new Float64Array(query.steps.length).fill(Infinity);
  query.stepWindows?.forEach((w, k) => {
    if (k > 0 && w !== null) stepWindows[k] = w;
  });
  return {
    query,
    order,
    unit: query.unit ?? 'visitor',
    spec: {
      order,
      stepCount: query.steps.length,
      windowSeconds: query.windowSeconds,
      stepWindows,
      hasExclusions: (query.exclusions?.length ?? 0) > 0,
    },
  };
}
