/**
 * Which events count for a micro-conversion: the `match` part of a definition in midgoal.yaml.
 * Definitions are data (an AST), turned into SQL only by src/query/buildMatchSql.ts.
 */
import { z } from 'zod';

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

