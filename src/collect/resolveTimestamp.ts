import type { DropReason } from './dropReasons.ts';
import type { FieldError } from './collectTypes.ts';

/** Live events may be up to 30 days late (offline queues, retries); older ones belong to `midgoal import`. */
export const MAX_EVENT_AGE_MS = 30 * 86_400_000;
/** Clocks drift; an hour of slack keeps a wrong phone clock from losing its events. */
export const MAX_EVENT_FUTURE_MS = 3_600_000;

export type ResolvedTimestamp =
  | { ok: true; ts: number }
  | { ok: false; reason: Extract<DropReason, 'too_old' | 'in_future'>; error: FieldError };

/**
 * The event time in ms since the epoch: the client's (already schema-checked) or, when missing,
 * the server's. Rejects times too far from `now` with a reason that says what to do instead.
 */
export function resolveTimestamp(ts: number | string | undefined, now: number): ResolvedTimestamp {
  if (ts === undefined) return { ok: true, ts: now };
  const ms = typeof ts === 'number' ? ts : Date.parse(ts);
  if (ms > now + MAX_EVENT_FUTURE_MS) {
    const message = `${new Date(ms).toISOString()} is more than 1 hour in the future; send the time in milliseconds since the epoch (UTC) or with a time zone, or check the sender's clock`;
    const ja = `${new Date(ms).toISOString()} は 1 時間以上未来の時刻です。UTC のミリ秒、またはタイムゾーン付きの時刻を送るか、送信元の時計を確認してください。`;
    return { ok: false, reason: 'in_future', error: { path: 'ts', message, message_ja: ja } };
  }
  if (ms < now - MAX_EVENT_AGE_MS) {
    // 1.7e9 is "now" in seconds but 1970 in milliseconds: the most common mistake, so name it.
    const seconds = ms > (now - MAX_EVENT_AGE_MS) / 1000 && ms <= now / 1000 + 3600;
    const hint = seconds
      ? ' — it looks like seconds; multiply by 1000 to send milliseconds'
      : '; load older history with `midgoal import`';
    const hintJa = seconds
      ? '（秒単位のようです。1000 倍してミリ秒で送ってください）'
      : '。過去のデータは `midgoal import` で取り込んでください。';
    return {
      ok: false,
      reason: 'too_old',
      error: {
        path: 'ts',
        message: `${new Date(ms).toISOString()} is more than 30 days old${hint}`,
        message_ja: `${new Date(ms).toISOString()} は 30 日以上前の時刻です${hintJa}`,
      },
    };
  }
  return { ok: true, ts: ms };
}
