/**
 * A problem that stops an import before or while it runs (unreadable file, bad mapping, unknown
 * column). The message says what was wrong and what to do, in English then Japanese, then any
 * details (one problem per line), the way the CLI prints every user error.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(
    readonly en: string,
    readonly ja: string,
    readonly details: readonly string[] = [],
  ) {
    super([en, ja, ...details.map((d) => `  ${d}`)].join('\n'));
  }
}
