/**
 * The parts of a GA4 BigQuery export row (`events_YYYYMMDD`, exported as newline-delimited JSON)
 * that midgoal reads. BigQuery writes INT64 as JSON strings and leaves out or nulls empty
 * fields, so numbers accept numeric strings and every field but the name and time is optional.
 * Unknown fields are ignored: the export schema keeps growing.
 * Reference: https://support.google.com/analytics/answer/7029846 (BigQuery Export schema).
 */
import { z } from 'zod';

const numeric = z.union([
  z.number().finite(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/)
    .transform(Number),
]);
const text = z.string().nullish();

export const ga4ParamValueSchema = z
  .object({
    string_value: text,
    int_value: z.union([z.string().regex(/^-?\d+$/), z.number().int()]).nullish(),
    float_value: numeric.nullish(),
    double_value: numeric.nullish(),
  })
  .loose();

export const ga4RowSchema = z
  .object({
    event_name: z.string().min(1),
    /** Microseconds since the epoch, UTC. */
    event_timestamp: z.union([z.string().regex(/^\d+$/, { message: 'must be microseconds since the epoch' }), z.number().int().nonnegative()]),
    user_pseudo_id: text,
    user_id: text,
    event_params: z.array(z.object({ key: z.string().min(1), value: ga4ParamValueSchema.nullish() }).loose()).nullish(),
    items: z.array(z.record(z.string(), z.unknown())).nullish(),
    ecommerce: z
      .object({ purchase_revenue: numeric.nullish(), transaction_id: text })
      .loose()
      .nullish(),
    device: z
      .object({
        category: text,
        operating_system: text,
        browser: text,
        web_info: z.object({ browser: text, hostname: text }).loose().nullish(),
      })
      .loose()
      .nullish(),
    traffic_source: z.object({ source: text, medium: text, name: text }).loose().nullish(),
    collected_traffic_source: z
      .object({
        manual_source: text,
        manual_medium: text,
        manual_campaign_name: text,
        manual_term: text,
        manual_content: text,
        gclid: text,
      })
      .loose()
      .nullish(),
    geo: z.object({ country: text }).loose().nullish(),
  })
  .loose();

export type Ga4Row = z.output<typeof ga4RowSchema>;
export type Ga4ParamValue = z.output<typeof ga4ParamValueSchema>;
