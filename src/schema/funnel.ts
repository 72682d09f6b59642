/**
 * Funnels in midgoal.yaml: ordered micro-conversions with a window. src/query turns them into
 * queries; DESIGN.md "Funnel semantics" is the contract.
 */
import { z } from 'zod';
import { idSchema, labelSchema } from './common.ts';

const DURATION = /^(\d+)(s|m|h|d|w)$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
/** Longest window we accept: a funnel over more than a year is almost always a typo. */
export const MAX_WINDOW_SECONDS = 366 * 86400;

/** `30m`, `2h`, `7d`, `2w` → seconds; between 1 second and 366 days. */
export const durationSchema = z
  .string()
  .regex(DURATION, { message: 'write a duration such as 30m, 2h, 7d or 2w' })
  .transform((text, ctx) => {
    const m = DURATION.exec(text);
    const seconds = m ? Number(m[1]) * (UNIT_SECONDS[m[2] ?? 's'] ?? 1) : 0;
    if (seconds < 1 || seconds > MAX_WINDOW_SECONDS) {
      ctx.addIssue({ code: 'custom', message: 'must be between 1s and 366d' });
      return z.NEVER;
    }
    return seconds;
  });

/** A funnel step: a micro-conversion id, or an id with a label for this funnel. */
export const funnelStepSchema = z.union([
  idSchema,
  z.strictObject({ id: idSchema, label: labelSchema.optional() }),
]);

export const funnelSchema = z.strictObject({
  id: idSchema,
  label: labelSchema.optional(),
  steps: z.array(funnelStepSchema).min(2, { message: 'a funnel needs at least 2 steps' }).max(20, {
    message: 'a funnel has at most 20 steps',
  }),
  /** Time allowed from the first step to the last, inclusive. */
  window: durationSchema.prefault('7d'),
  /** Sites this funnel applies to; all sites when omitted. */
  sites: z.array(idSchema).min(1).optional(),
});
export type Funnel = z.infer<typeof funnelSchema>;

