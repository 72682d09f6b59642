import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every API error has this shape: a code to branch on and messages that say what to do. */
export interface ApiError {
  error: { code: string; message: string; message_ja?: string };
}

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  messageJa?: string,
): Response {
  const body: ApiError = { error: { code, message, ...(messageJa ? { message_ja: messageJa } : {}) } };
  return c.json(body, status);
}
