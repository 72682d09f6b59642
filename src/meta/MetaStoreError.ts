/**
 * An operator-facing problem with the metadata store (bad MIDGOAL_META, unreachable database,
 * missing version): `message` in English, `messageJa` in Japanese, as src/analysis/errors.ts.
 * Printed as it is, without a stack trace.
 */
export class MetaStoreError extends Error {
  override readonly name = 'MetaStoreError';
  constructor(
    message: string,
    readonly messageJa: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
