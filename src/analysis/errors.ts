/**
 * Errors a caller may show as they are: `message` in English, `messageJa` in Japanese, and the
 * HTTP status the API should answer with.
 */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  constructor(
    message: string,
    readonly messageJa: string,
  ) {
    super(message);
  }
}

/** The request itself is wrong (a malformed date, a range that ends before it starts). */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
  readonly status = 400;
  constructor(
    message: string,
    readonly messageJa: string,
  ) {
    super(message);
  }
}
