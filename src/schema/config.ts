/**
 * midgoal.yaml — sites, micro-conversions and funnels as code. docs/CONFIG.md documents it with
 * examples; src/config/loadConfig.ts turns zod's field paths into file:line messages.
 */
import { z } from 'zod';

/** Identifiers users pick: they end up in URLs and CLI flags, never pasted into SQL. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, {
    message: 'use lower-case letters, digits, _ and - (starting with a letter or digit)',
  });

/** A label in one language, or in Japanese and English for the dashboard. */
export const labelSchema = z.union([
  z.string().min(1).max(200),
  z.strictObject({ en: z.string().min(1).max(200), ja: z.string().min(1).max(200).optional() }),
]);
export type Label = z.infer<typeof labelSchema>;

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

const scalar = z.union([z.string().max(1024), z.number().finite(), z.boolean()]);

/** A property condition: a bare value means `eq`. */
export const propConditionSchema = z.union([
  scalar,
  z
    .strictObject({
      eq: scalar.optional(),
      in: z.array(scalar).min(1).max(1000).optional(),
      contains: z.string().min(1).max(1024).optional(),
      gte: z.number().finite().optional(),
      lte: z.number().finite().optional(),
    })
    .refine((c) => Object.keys(c).length > 0, {
      message: 'give at least one of eq, in, contains, gte, lte',
    }),
]);
export type PropCondition = z.infer<typeof propConditionSchema>;

/** Property names become JSON paths: keep them to a safe alphabet. */
export const propNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, {
    message: 'property names use letters, digits, _ . - and start with a letter or _',
  });

/** Which events count for a micro-conversion: every given part must hold. */
export const matchSchema = z
  .strictObject({
    /** Event name, or a list of names (any of them). */
    event: z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).min(1).max(50)]).optional(),
    /** URL path glob: `*` matches within one segment, `**` across segments (`/products/**`). */
    path: z.string().min(1).max(512).startsWith('/', { message: 'a path pattern starts with /' }).optional(),
    /** Property conditions, all of which must hold. */
    props: z.record(propNameSchema, propConditionSchema).optional(),
  })
  .refine((m) => m.event !== undefined || m.path !== undefined || m.props !== undefined, {
    message: 'a match needs at least one of event, path, props',
  });
export type Match = z.infer<typeof matchSchema>;

export const microConversionSchema = z.strictObject({
  id: idSchema,
  label: labelSchema.optional(),
  description: z.string().max(1000).optional(),
  match: matchSchema,
});
export type MicroConversion = z.infer<typeof microConversionSchema>;

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

export const siteSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).max(200).optional(),
  timezone: z
    .string()
    .default('Asia/Tokyo')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Tokyo or Europe/Berlin' }),
  currency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as JPY' }).default('JPY'),
  /** Origins allowed to send events from a browser (`https://shop.example`), or `*`. */
  origins: z.array(z.string().min(1).max(300)).default(['*']),
});
export type Site = z.infer<typeof siteSchema>;

export const configSchema = z.strictObject({
  sites: z.array(siteSchema).default([]),
  microConversions: z.array(microConversionSchema).default([]),
  funnels: z.array(funnelSchema).default([]),
  /** The built-in `demo` site; set false to hide it. */
  demo: z.boolean().default(true),
});
export type Config = z.infer<typeof configSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
