/**
 * Request-level errors of the collect endpoint. Each code has one HTTP status and a message in
 * English and Japanese that says what was wrong and what to do; `detail` adds the specifics.
 */
export const COLLECT_ERRORS = {
  unsupported_media_type: {
    status: 415,
    en: 'Send the body as Content-Type: application/json (or text/plain from navigator.sendBeacon), encoded as UTF-8.',
    ja: 'Content-Type: application/json（sendBeacon の場合は text/plain）で、UTF-8 の本文を送ってください。',
  },
  body_too_large: {
    status: 413,
    en: 'The request body is over 1 MB. Split the events into smaller batches.',
    ja: 'リクエスト本文が 1 MB を超えています。イベントを小さなバッチに分けて送ってください。',
  },
  batch_too_large: {
    status: 413,
    en: 'A batch holds at most 500 events. Split it into several requests.',
    ja: '1 回のバッチは最大 500 イベントです。複数のリクエストに分けて送ってください。',
  },
  invalid_utf8: {
    status: 400,
    en: 'The body is not valid UTF-8. Encode the JSON text as UTF-8.',
    ja: '本文が正しい UTF-8 ではありません。JSON を UTF-8 でエンコードして送ってください。',
  },
  malformed_json: {
    status: 400,
    en: 'The body is not valid JSON. Send one event object or an array of event objects.',
    ja: '本文が正しい JSON ではありません。イベントのオブジェクト 1 つ、またはその配列を送ってください。',
  },
  invalid_body: {
    status: 400,
    en: 'The body must be one event object or an array of event objects.',
    ja: '本文はイベントのオブジェクト 1 つ、またはその配列にしてください。',
  },
  empty_batch: {
    status: 400,
    en: 'The batch is empty. Send at least one event.',
    ja: 'バッチが空です。少なくとも 1 つのイベントを送ってください。',
  },
  invalid_events: {
    status: 400,
    en: 'No event was accepted. Fix the fields listed in "rejected" and send again.',
    ja: '受け付けたイベントはありません。"rejected" に示された項目を直して再送してください。',
  },
  unknown_site: {
    status: 404,
    en: 'No site with this id is configured. Add it under "sites" in midgoal.yaml or fix the "site" field.',
    ja: 'この ID のサイトは設定されていません。midgoal.yaml の "sites" に追加するか、"site" の値を直してください。',
  },
  origin_not_allowed: {
    status: 403,
    en: "This page's origin may not send events for the site. Add it to the site's \"origins\" in midgoal.yaml.",
    ja: 'このページのオリジンからはこのサイトのイベントを送れません。midgoal.yaml のサイトの "origins" に追加してください。',
  },
  backlog_full: {
    status: 503,
    en: 'This collector cannot reach its store and its backlog is full, so the events were not accepted. Retry later (or send to another collector); events accepted earlier are safe.',
    ja: 'このコレクターはストアに接続できず、未書き込みのイベントが上限に達したため、受け付けていません。しばらくしてから（または別のコレクターへ）再送してください。受付済みのイベントは失われません。',
  },
  sink_unavailable: {
    status: 503,
    en: 'The events could not be saved right now and were not accepted. Retry in a few seconds; if it persists, check the server log and free disk space.',
    ja: 'イベントを保存できなかったため、受け付けていません。数秒後に再送してください。続く場合はサーバーのログとディスクの空き容量を確認してください。',
  },
} as const;

export type CollectErrorCode = keyof typeof COLLECT_ERRORS;
export type CollectErrorStatus = (typeof COLLECT_ERRORS)[CollectErrorCode]['status'];

/** The JSON error body every collect failure uses. */
export interface CollectErrorBody {
  error: { code: CollectErrorCode; message: string; message_ja: string };
}

export interface CollectError {
  status: CollectErrorStatus;
  body: CollectErrorBody;
}

/** Builds the error for `code`; `detail` (English, e.g. a parser message) is appended to both texts. */
export function collectError(code: CollectErrorCode, detail?: string): CollectError {
  const entry = COLLECT_ERRORS[code];
  const suffix = detail ? ` (${detail})` : '';
  return {
    status: entry.status,
    body: { error: { code, message: entry.en + suffix, message_ja: entry.ja + suffix } },
  };
}
