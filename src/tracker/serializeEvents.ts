import type { WireEvent } from './types.ts';

/**
 * JSON for the collector. GA4 tagging is lax where the collector is strict, so on the way out
 * `value`, `price` and `quantity` become numbers (`"4980"` → 4980; what is no number, or 0, is
 * left out) and numeric `item_*` values become strings (`item_id: 1234` → "1234"), instead of
 * getting the whole event rejected. Works on copies: the page's own dataLayer objects are never
 * changed. Throws on what JSON cannot hold (cycles, BigInt); callers catch.
 */
export function serializeEvents(events: WireEvent[]): string {
  return JSON.stringify(events, (key, value: unknown) =>
    /^(value|price|quantity)$/.test(key) ? Number(value) || undefined : /^item_/.test(key) && typeof value == 'number' ? value + '' : value,
  );
}
