/** The message for a failed write or fsync of the ingest log: what happened, and what to do. */
export function logDiskError(what: 'write' | 'sync', file: string, err: unknown): Error {
  return new Error(
    `midgoal could not ${what} the ingest log ${file}: ${(err as Error).message}. ` +
      (what === 'sync'
        ? 'Check the disk and free space, then restart midgoal serve; it will recover what was saved. / '
        : 'Check free space and permissions on the data folder; the events were not accepted, send them again. / ') +
      'イベントログをディスクに書き込めませんでした。空き容量と権限を確認してください。',
    { cause: err },
  );
}
