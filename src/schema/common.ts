/** Pieces every part of midgoal.yaml uses: ids and labels. */
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
