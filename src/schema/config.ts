/**
 * midgoal.yaml — sites, micro-conversions and funnels as code. docs/CONFIG.md documents it with
 * examples; src/config/loadConfig.ts turns zod's field paths into file:line messages.
 */
import { z } from 'zod';
import { matchSchema } from './match.ts';
import { funnelSchema } from './funnel.ts';

import { idSchema, labelSchema } from './common.ts';

export * from './common.ts';
export * from './match.ts';
export * from './funnel.ts';

export const microConversionSchema = z.strictObject({
  id: idSchema,
  label: labelSchema.optional(),
  description: z.string().max(1000).optional(),
  match: matchSchema,
});
export type MicroConversion = z.infer<typeof microConversionSchema>;

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
