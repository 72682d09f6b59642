/**
 * Shapes shared by the tracker's modules. The wire event type comes from src/schema/event.ts, so
 * the script cannot drift from what the collector accepts (a type-only import: no zod in the bundle).
 */
import type { WireEvent } from '../schema/event.ts';

export type { WireEvent };

/** A property value the collector accepts: flat scalars only. */
export type PropValue = string | number | boolean | null;
export type Props = Record<string, PropValue>;

/** What GA4-style parameters contribute to an event besides props. */
export type EventFields = Pick<WireEvent, 'items' | 'value' | 'currency'>;

/** Records one event: a name plus GA4-style parameters (value, currency, items; the rest → props). */
export type Track = (name: unknown, params?: unknown) => void;

/** Key/value strings: window.localStorage, or a plain object when nothing may be stored. */
export type KeyValue = Partial<Record<string, string>>;
