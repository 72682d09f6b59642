/**
 * Funnels in midgoal.yaml: micro-conversions with a window, an order mode, a counting unit,
 * per-step windows and exclusions. src/query turns them into queries; DESIGN.md "Funnel
 * semantics" is the contract. Every field added since the first version is optional, so older
 * configs stay valid and mean what they meant.
 */
import { z } from 'zod';
import { idSchema, labelSchema } from './common.ts';

const DURATION = /^(\d+)(s|m|h|d|w)$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
/** Longest window we accept: a funnel over more than a year is almost always a typo. */
export const MAX_WINDOW_SECONDS = 366 * 86400;

/**
 * `30m`, `2h`, `7d`, `2w` → seconds; between 1 second and 366 days. The range is a check, not an
 * error raised in the transform, so inside a union (a funnel step) zod still reports it in words.
 */
export const durationSchema = z
  .string()
  .regex(DURATION, { message: 'write a duration such as 30m, 2h, 7d or 2w' })
  .transform((text) => {
    const m = DURATION.exec(text);
    return m ? Number(m[1]) * (UNIT_SECONDS[m[2] ?? 's'] ?? 1) : 0;
  })
  .pipe(
    z
      .number()
      .min(1, { message: 'must be between 1s and 366d' })
      .max(MAX_WINDOW_SECONDS, { message: 'must be between 1s and 366d' }),
  );

/**
 * A funnel step: a micro-conversion id, or an id with a label for this funnel and `within`, the
 * longest time allowed since the previous step (`within: 30m`).
 */
export const funnelStepSchema = z.union([
  idSchema,
  z.strictObject({ id: idSchema, label: labelSchema.optional(), within: durationSchema.optional() }),
]);

/** DESIGN.md "Funnel semantics": how the steps of one attempt may be ordered. */
export const FUNNEL_ORDERS = ['sequential', 'strict', 'any'] as const;
/** What one row of a funnel counts. */
export const COUNTING_UNITS = ['visitor', 'session'] as const;

export const funnelSchema = z
  .strictObject({
    id: idSchema,
    label: labelSchema.optional(),
    steps: z.array(funnelStepSchema).min(2, { message: 'a funnel needs at least 2 steps' }).max(20, {
      message: 'a funnel has at most 20 steps',
    }),
    /** Time allowed from the first step to the last, inclusive. */
    window: durationSchema.prefault('7d'),
    /**
     * `sequential` (default: other events may come between steps), `strict` (no other step of
     * this funnel may), `any` (steps in any order within the window).
     */
    order: z.enum(FUNNEL_ORDERS, { message: 'order is one of sequential, strict, any' }).optional(),
    /** Count visitors (default) or sessions. */
    unit: z.enum(COUNTING_UNITS, { message: 'unit is visitor or session' }).optional(),
    /** Micro-conversion ids: one of these between an attempt's first and last step voids it. */
    exclude: z.array(idSchema).min(1).max(20).optional(),
    /** Sites this funnel applies to; all sites when omitted. */
    sites: z.array(idSchema).min(1).optional(),
  })
  .superRefine((funnel, ctx) => {
    funnel.steps.forEach((step, k) => {
      if (typeof step === 'string' || step.within === undefined) return;
      if (k === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', 0, 'within'],
          message: 'the first step has no previous step: put `within` on a later step',
        });
      } else if (funnel.order === 'any') {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', k, 'within'],
          message: '`within` needs an ordered funnel (order: sequential or strict); `any` has only the window',
        });
      }
    });
  });
export type Funnel = z.infer<typeof funnelSchema>;

/** Per-step windows in seconds as FunnelQuery.stepWindows wants them (undefined when none is set). */
export function funnelStepWindows(funnel: Funnel): (number | null)[] | undefined {
  const windows = funnel.steps.map((step) => (typeof step === 'string' ? null : (step.within ?? null)));
  return windows.some((w) => w !== null) ? windows : undefined;
}
