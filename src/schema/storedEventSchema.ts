import { z } from 'zod';
import { CHANNELS, DEVICES } from './storedEvent.ts';
import type { StoredEvent } from './storedEvent.ts';

const text = z.string().nullable();
const millis = z.number().finite();

/**
 * A StoredEvent read back from the ingest log. The CRC already proves the bytes are the ones we
 * wrote; this catches a log written by a midgoal with a different event shape.
 * The internal import endpoint checks batches with it too.
 */
export const storedEventSchema: z.ZodType<StoredEvent> = z.object({
  id: z.string().min(1),
  site: z.string().min(1),
  ts: millis,
  name: z.string().min(1),
  visitor: z.string(),
  session: z.string(),
  url: text,
  path: text,
  referrer: text,
  title: text,
  channel: z.enum(CHANNELS),
  utm_source: text,
  utm_medium: text,
  utm_campaign: text,
  utm_content: text,
  utm_term: text,
  gclid: text,
  device: z.enum(DEVICES),
  browser: text,
  os: text,
  country: text,
  props: text,
  value: z.number().finite().nullable(),
  currency: text,
  items: text,
  received: millis,
});
