/**
 * Which events count for a micro-conversion: the `match` part of a definition in midgoal.yaml.
 * Definitions are data (an AST), turned into SQL only by src/query/buildMatchSql.ts; docs/CONFIG.md
 * describes every field with examples.
 *
 * A match is a mapping of parts that must all hold: conditions on one event (`event`, `path`,
 * `pathRegex`, `referrer`, `channel`, `device`, `props`), combinators (`all`, `any`, `not`) and at
 * most one `aggregate` (a running count, distinct count or sum over the session or the visitor).
 * Nesting is bounded (MAX_MATCH_DEPTH): the schema is built level by level, so a hostile, deeply
 * nested definition is refused with a message instead of recursing without end.
 */
import { z } from 'zod';
import { findRegexProblem, MAX_REGEX_LENGTH } from '../config/findRegexProblem.ts';
import { CHANNELS, DEVICES } from './storedEvent.ts';
import type { Channel, Device } from './storedEvent.ts';

/** How many levels of `all` / `any` / `not` / `aggregate` a definition may nest. */
export const MAX_MATCH_DEPTH = 8;

const scalar = z.union([z.string().max(1024), z.number().finite(), z.boolean()]);
export type Scalar = z.infer<typeof scalar>;

/** An RE2 regular expression the stores can run (see findRegexProblem). */
export const regexSchema = z
  .string()
  .min(1)
  .max(MAX_REGEX_LENGTH)
  .superRefine((pattern, ctx) => {
    const problem = findRegexProblem(pattern);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

const PROP_OPERATORS = ['eq', 'neq', 'in', 'contains', 'regex', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;

/** A property condition: a bare value means `eq`; several operators must all hold. */
export const propConditionSchema = z.union([
  scalar,
  z
    .strictObject({
      eq: scalar.optional(),
      neq: scalar.optional(),
      in: z
        .array(scalar)
        .min(1, { message: 'an empty list matches nothing; list at least one value' })
        .max(1000)
        .optional(),
      contains: z.string().min(1).max(1024).optional(),
      regex: regexSchema.optional(),
      gt: z.number().finite().optional(),
      gte: z.number().finite().optional(),
      lt: z.number().finite().optional(),
      lte: z.number().finite().optional(),
      exists: z.boolean().optional(),
    })
    .refine((c) => Object.keys(c).length > 0, {
      message: `give at least one of ${PROP_OPERATORS.join(', ')}`,
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

const eventNameSchema = z.string().min(1).max(100);
const referrerTextSchema = z.string().min(1).max(512);
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(50)]);

/** Columns an aggregate may count distinct values of, besides properties and item fields. */
export const DISTINCT_COLUMNS = ['name', 'path'] as const;

/** What `distinct` counts: an event column, a property, or a field of the event's first item. */
export const distinctSourceSchema = z.union([
  z.enum(DISTINCT_COLUMNS, {
    message: `write ${DISTINCT_COLUMNS.join(' or ')} (event columns), { prop: <property> } or { item: <item field> }`,
  }),
  z.strictObject({ prop: propNameSchema }),
  z.strictObject({ item: propNameSchema }),
]);
export type DistinctSource = z.infer<typeof distinctSourceSchema>;

/** What `sum` adds up: the event's `value` column or a numeric property. */
export const sumSourceSchema = z.union([
  z.literal('value', { message: "write value (the event's value) or { prop: <numeric property> }" }),
  z.strictObject({ prop: propNameSchema }),
]);
export type SumSource = z.infer<typeof sumSourceSchema>;

/** Conditions on one event; `all` / `any` / `not` nest them. No aggregate inside. */
export interface RowMatch {
  /** Event name, or a list of names (any of them). */
  event?: string | string[];
  /** URL path glob: `*` within one segment, `**` across segments (`/products/**`). */
  path?: string;
  /** URL path, RE2 regular expression, unanchored (write ^ and $ to anchor). */
  pathRegex?: string;
  /** The referrer URL contains this text (ignoring case), or any of a list. */
  referrer?: string | string[];
  channel?: Channel | Channel[];
  device?: Device | Device[];
  /** Property conditions, all of which must hold. */
  props?: Record<string, PropCondition>;
  all?: RowMatch[];
  any?: RowMatch[];
  not?: RowMatch;
}

/**
 * A running total over the events of a session or visitor, in time order: the condition holds on
 * every event from the one where the total first reaches `gte` onward (evaluated by window
 * functions, see src/query/buildAggregateSql.ts). Exactly one of `count`, `distinct`, `sum`.
 */
export interface Aggregate {
  scope: 'session' | 'visitor';
  /** Count the events that match. */
  count?: RowMatch;
  /** Count distinct values among the events that match `of`. */
  distinct?: DistinctSource;
  /** Add up a number over the events that match `of`. */
  sum?: SumSource;
  of?: RowMatch;
  gte: number;
}

/** Which events count for a micro-conversion: every given part must hold. */
export interface Match extends Omit<RowMatch, 'all' | 'any' | 'not'> {
  all?: Match[];
  any?: Match[];
  not?: Match;
  aggregate?: Aggregate;
}

const ROW_PARTS = ['event', 'path', 'pathRegex', 'referrer', 'channel', 'device', 'props', 'all', 'any', 'not'] as const;
const MATCH_PARTS = [...ROW_PARTS, 'aggregate'] as const;

/** The bottom level: any nested match there is one level too many. */
const tooDeep = z
  .custom<never>(() => false, {
    message:
      `a definition may have at most ${MAX_MATCH_DEPTH} levels of matches, the outer one included ` +
      '(all, any, not and aggregate each open one); ' +
      'split this one into simpler micro-conversions',
  })
  .optional();

/** The fields of one level; `next` is the schema for nested matches (or tooDeep at the bottom). */
function rowShape<T>(next: z.ZodType<T> | undefined) {
  const nested = next === undefined ? tooDeep : next.optional();
  const list =
    next === undefined ? tooDeep : z.array(next).min(1, { message: 'list at least one condition' }).max(50).optional();
  return {
    event: oneOrMany(eventNameSchema).optional(),
    path: z.string().min(1).max(512).startsWith('/', { message: 'a path pattern starts with /' }).optional(),
    pathRegex: regexSchema.optional(),
    referrer: oneOrMany(referrerTextSchema).optional(),
    channel: oneOrMany(z.enum(CHANNELS)).optional(),
    device: oneOrMany(z.enum(DEVICES)).optional(),
    props: z.record(propNameSchema, propConditionSchema).optional(),
    all: list,
    any: list,
    not: nested,
  };
}

function hasAPart(m: object): boolean {
  return Object.values(m).some((v) => v !== undefined);
}

/** Run a whole-object check only when the fields were fine: after an unknown field it is noise. */
const whenFieldsValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** Row conditions at nesting `depth` (0 = the top). */
function rowMatchAt(depth: number): z.ZodType<RowMatch> {
  const next = depth + 1 < MAX_MATCH_DEPTH ? rowMatchAt(depth + 1) : undefined;
  return z.strictObject(rowShape(next)).refine(hasAPart, {
    message: `a match needs at least one of ${ROW_PARTS.join(', ')}`,
    ...whenFieldsValid,
  });
}

function aggregateAt(depth: number) {
  const of = depth + 1 < MAX_MATCH_DEPTH ? rowMatchAt(depth + 1) : tooDeep;
  return z
    .strictObject({
      scope: z.enum(['session', 'visitor'], {
        error: (iss) =>
          `${iss.input === undefined ? 'missing: ' : ''}` +
          'write scope: session (within one visit) or scope: visitor (across all their visits)',
      }),
      count: of.optional(),
      distinct: distinctSourceSchema.optional(),
      sum: sumSourceSchema.optional(),
      of: of.optional(),
      gte: z.number().finite(),
    })
    .superRefine((a, ctx) => {
      const measures = (['count', 'distinct', 'sum'] as const).filter((k) => a[k] !== undefined);
      if (measures.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message:
            measures.length === 0
              ? 'say what to total: count (events that match), distinct (different values) or sum (a number)'
              : `give only one of count, distinct, sum (got ${measures.join(', ')}); use all: for several totals`,
        });
        return;
      }
      const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (a.count !== undefined && a.of !== undefined) {
        problem('of', 'count takes the events to count itself (count: { event: page_view }); remove of');
      }
      if (a.count === undefined && a.of === undefined) {
        problem('of', `missing: say which events to ${a.sum ? 'add up' : 'take values from'} (of: { event: … })`);
      }
      // Counts are whole numbers and at least 1 on any event that counts: gte 0 would hold everywhere.
      if (a.sum === undefined && (!Number.isInteger(a.gte) || a.gte < 1)) {
        problem('gte', 'a count is reached at 1 or more: write a whole number such as 2 or 3');
      }
    });
}

/** A full match at nesting `depth`: row conditions, combinators of matches, an aggregate. */
function matchAt(depth: number): z.ZodType<Match> {
  const next = depth + 1 < MAX_MATCH_DEPTH ? matchAt(depth + 1) : undefined;
  const aggregate = depth + 1 < MAX_MATCH_DEPTH ? aggregateAt(depth).optional() : tooDeep;
  return z.strictObject({ ...rowShape(next), aggregate }).refine(hasAPart, {
    message: `a match needs at least one of ${MATCH_PARTS.join(', ')}`,
    ...whenFieldsValid,
  });
}

/** Which events count for a micro-conversion: every given part must hold. */
export const matchSchema: z.ZodType<Match> = matchAt(0);
