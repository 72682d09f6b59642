/**
 * Why the collector did not store an event. Every reason has a counter (DropCounters) so the
 * health endpoint can show where events go; `bot` is silent for the client, the others are
 * reported back per event.
 */
export const DROP_REASONS = [
  'invalid',
  'unknown_site',
  'bot',
  'too_old',
  'in_future',
  'origin_not_allowed',
] as const;

export type DropReason = (typeof DROP_REASONS)[number];
