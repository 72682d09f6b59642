/**
 * How a CSV file's columns become events: `--map target=column,…`, `--rename value=event,…`
 * and friends, or the same keys in a `--mapping FILE.yaml` (docs/IMPORT.md, docs/mappings/).
 */
import { z } from 'zod';
import { TS_FORMATS } from './parseTimestamp.ts';

/** Event fields a column can fill; `props.<key>` fills a custom property. */
export const CSV_TARGETS = [
  'id',
  'name',
  'visitor',
  'session',
  'ts',
  'ts_offset_ms',
  'url',
  'referrer',
  'title',
  'value',
  'currency',
  'country',
] as const;
export type CsvTarget = (typeof CSV_TARGETS)[number];

const PROP_TARGET = /^props\.[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

const targetSchema = z.string().refine((t) => (CSV_TARGETS as readonly string[]).includes(t) || PROP_TARGET.test(t), {
  message: `the target must be one of ${CSV_TARGETS.join(', ')} or props.<name> (letters, digits, _ . -)`,
});

const eventNameSchema = z.string().regex(EVENT_NAME, {
  message: 'an event name starts with a letter and uses only letters, digits, _ . : - (at most 100)',
});

/** `,` `;` `|`, a tab written as `\t` or `tab`, or any other single character. */
const delimiterSchema = z
  .string()
  .transform((d) => (d === '\\t' || d.toLowerCase() === 'tab' ? '\t' : d))
  .pipe(z.string().length(1, { message: 'the delimiter is one character, such as , ; | or tab' }));

export const csvMappingSchema = z
  .strictObject({
    /** Optional, so a mapping file can say what it is for. */
    format: z.literal('csv').optional(),
    /** Auto-detected from the first line when omitted. */
    delimiter: delimiterSchema.optional(),
    /** false: the first line is data; then `columns` names the columns. */
    header: z.boolean().default(true),
    columns: z.array(z.string().min(1)).min(1).optional(),
    /** Event field → column name. */
    map: z.record(targetSchema, z.string().min(1, { message: 'name a column' })),
    /** Value in the event-name column → event name stored (values not listed are kept as they are). */
    rename: z.record(z.string(), eventNameSchema).default({}),
    /** Event name for every row, for files without an event-type column. */
    eventName: eventNameSchema.optional(),
    /** Cell values that mean "empty", such as NA or NULL. */
    nullValues: z.array(z.string()).default([]),
    tsFormat: z.enum(TS_FORMATS).default('auto'),
  })
  .superRefine((m, ctx) => {
    if (m.map.ts === undefined) {
      ctx.addIssue({ code: 'custom', path: ['map'], message: 'map the event time: ts=<column> (e.g. ts=event_time)' });
    }
    if (m.map.name === undefined && m.eventName === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['map'],
        message: 'map the event name (name=<column>, e.g. name=event_type) or give one name for all rows (--event-name)',
      });
    }
    if (m.map.name !== undefined && m.eventName !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['eventName'], message: 'give either map name=<column> or --event-name, not both' });
    }
    if (m.map.visitor === undefined && m.map.session === undefined) {
      ctx.addIssue({ code: 'custom', path: ['map'], message: 'map who did it: visitor=<column> (e.g. visitor=user_id), or at least session=<column>' });
    }
    if (!m.header && m.columns === undefined) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'without a header line, name the columns in order: --columns a,b,c' });
    }
  });

export type CsvMapping = z.output<typeof csvMappingSchema>;
export type CsvMappingInput = z.input<typeof csvMappingSchema>;

/** `a=b,c=d` → `{a: 'b', c: 'd'}`; what `--map` and `--rename` take. */
export function parsePairs(text: string, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) {
      throw new Error(`${flag}: "${item}" is not key=value; write e.g. ${flag === '--map' ? 'name=event_type,ts=event_time' : 'view=view_item,cart=add_to_cart'}`);
    }
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

/** Flags override a mapping file key by key; `map` and `rename` entries are merged. */
export function mergeCsvMapping(base: Partial<CsvMappingInput>, override: Partial<CsvMappingInput>): Partial<CsvMappingInput> {
  const merged: Partial<CsvMappingInput> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  if (base.map !== undefined || override.map !== undefined) merged.map = { ...base.map, ...override.map };
  if (base.rename !== undefined || override.rename !== undefined) merged.rename = { ...base.rename, ...override.rename };
  return merged;
}
