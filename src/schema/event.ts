/**
 * The event wire format: what the tracker, the server-side API and the NDJSON importer send.
 * docs/TRACKING.md documents it for users; this file is the single source of truth.
 *
 * GA4 e-commerce event names are the standard vocabulary (page_view, view_item_list, view_item,
 * add_to_cart, begin_checkout, add_shipping_info, add_payment_info, purchase, sign_up, …), so a
 * shop tagged for GA4 sends events midgoal already understands. Any other name is allowed too.
 */
import { z } from 'zod';

/** Limits that keep one event small; the collector reports the field that broke them. */
export const EVENT_LIMITS = {
  nameMaxLength: 100,
  idMaxLength: 128,
  urlMaxLength: 2048,
  titleMaxLength: 512,
  propsMaxKeys: 50,
  propKeyMaxLength: 64,
  propStringMaxLength: 1024,
  itemsMax: 200,
  batchMax: 500,
} as const;

/** Event names: letters, digits, `_`, `-`, `.`, `:` — what GA4 and most tag managers use. */
const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*$/;

/** Property values are flat scalars: nested objects would make conditions ambiguous. */
export const propValueSchema = z.union([
  z.string().max(EVENT_LIMITS.propStringMaxLength),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);

export const propsSchema = z
  .record(z.string().min(1).max(EVENT_LIMITS.propKeyMaxLength), propValueSchema)
  .refine((p) => Object.keys(p).length <= EVENT_LIMITS.propsMaxKeys, {
    message: `at most ${EVENT_LIMITS.propsMaxKeys} properties per event`,
  });

/** One product line, as in GA4's `items` array (extra scalar keys are kept). */
export const itemSchema = z
  .object({
    item_id: z.string().max(256).optional(),
    item_name: z.string().max(512).optional(),
    item_category: z.string().max(256).optional(),
    item_brand: z.string().max(256).optional(),
    item_variant: z.string().max(256).optional(),
    price: z.number().finite().optional(),
    quantity: z.number().finite().optional(),
  })
  .catchall(propValueSchema);

/** Timestamp: ISO 8601 string with a zone, or milliseconds since the epoch. */
export const timestampSchema = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true }),
]);

export const wireEventSchema = z.strictObject({
  /** Site id from midgoal.yaml. */
  site: z.string().min(1).max(64),
  /** Event name, e.g. `page_view`, `add_to_cart`, `purchase`. */
  name: z.string().min(1).max(EVENT_LIMITS.nameMaxLength).regex(EVENT_NAME, {
    message: 'must start with a letter and use only letters, digits, _ . : -',
  }),
  /** Client-made event id; a retry with the same id and the same `ts` is stored once. */
  id: z.string().min(1).max(EVENT_LIMITS.idMaxLength).optional(),
  ts: timestampSchema.optional(),
  visitor: z.string().min(1).max(EVENT_LIMITS.idMaxLength).optional(),
  session: z.string().min(1).max(EVENT_LIMITS.idMaxLength).optional(),
  url: z.string().max(EVENT_LIMITS.urlMaxLength).optional(),
  referrer: z.string().max(EVENT_LIMITS.urlMaxLength).optional(),
  title: z.string().max(EVENT_LIMITS.titleMaxLength).optional(),
  props: propsSchema.optional(),
  value: z.number().finite().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as JPY or USD' })
    .optional(),
  items: z.array(itemSchema).max(EVENT_LIMITS.itemsMax).optional(),
});

export type WireEvent = z.infer<typeof wireEventSchema>;
