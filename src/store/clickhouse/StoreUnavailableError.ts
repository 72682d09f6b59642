/**
 * The event store did not answer (down, unreachable, too slow). The API answers 503 with these
 * words; the log writer keeps the events in the ingest log and retries.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly status = 503;
  constructor(
    message: string,
    readonly messageJa: string,
  ) {
    super(message);
  }
}
