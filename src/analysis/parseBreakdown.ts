/**
 * `breakdown=` as the API and the CLI take it (`channel`, `utm_source`, `landing_page`,
 * `visitor_type`, `prop:plan`, …) → the store's BreakdownDimension. One parser, so both say the
 * same thing about a typo.
 */
import { z } from 'zod';
import { propNameSchema } from '../schema/match.ts';
import type { BreakdownDimension } from '../store/EventStore.ts';
import { BREAKDOWN_COLUMNS } from '../query/funnelQuerySchema.ts';

/** The store's breakdown columns: one list (funnelQuerySchema.ts checks the same at the store). */
const COLUMNS = BREAKDOWN_COLUMNS;

/** Every accepted spelling, for help texts and error messages. */
export const BREAKDOWN_NAMES: readonly string[] = [...COLUMNS, 'visitor_type', 'prop:NAME'];

export interface BreakdownChoice {
  /** As asked, echoed in the report. */
  name: string;
  dimension: BreakdownDimension;
}

/** The dimension `text` names, or why it names none (English and Japanese). */
export function parseBreakdown(text: string): BreakdownChoice | { error: string; errorJa: string } {
  if ((COLUMNS as readonly string[]).includes(text)) {
    return { name: text, dimension: { column: text as (typeof COLUMNS)[number] } };
  }
  if (text === 'visitor_type') return { name: text, dimension: { visitorType: true } };
  if (text.startsWith('prop:')) {
    const prop = propNameSchema.safeParse(text.slice(5));
    if (prop.success) return { name: text, dimension: { prop: prop.data } };
    return {
      error: `breakdown: "${text}" is not a usable property name (${prop.error.issues[0]?.message ?? 'invalid'}); write prop:NAME such as prop:plan.`,
      errorJa: `breakdown: 「${text}」はプロパティ名として使えません。prop:plan のように prop:名前 で指定してください。`,
    };
  }
  return {
    error: `breakdown: unknown dimension "${text}"; use one of ${BREAKDOWN_NAMES.join(', ')}.`,
    errorJa: `breakdown: 「${text}」という分類軸はありません。次のいずれかを指定してください: ${BREAKDOWN_NAMES.join(', ')}`,
  };
}

/** The same rules as a zod schema for query strings; the issue message starts with the field. */
export const breakdownParamSchema = z.string().transform((text, ctx): BreakdownChoice => {
  const parsed = parseBreakdown(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error, params: { ja: parsed.errorJa } });
    return z.NEVER;
  }
  return parsed;
});
