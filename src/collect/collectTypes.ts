import type { StoredEvent } from '../schema/storedEvent.ts';
import type { DropReason } from './dropReasons.ts';

/** One problem with one event: `path` is the field (`items[0].price`), '' for the event itself. */
export interface FieldError {
  path: string;
  message: string;
  message_ja: string;
}

/** An event the client sent that was not stored, and why; `index` is its place in the batch. */
export interface RejectedEvent {
  index: number;
  reason: Exclude<DropReason, 'bot'>;
  errors: FieldError[];
}

/** What the collector needs to know about the HTTP request, apart from the body. */
export interface CollectRequest {
  /** Client IP (first X-Forwarded-For entry or socket address); '' when unknown. */
  ip: string;
  userAgent: string;
  /** The Origin header of a browser request; null for server-side calls. */
  origin: string | null;
}

/** The collector's verdict on one batch. */
export interface CollectOutcome {
  accepted: StoredEvent[];
  rejected: RejectedEvent[];
  /** Events dropped without telling the client they were wrong (bots). */
  droppedBots: number;
}
