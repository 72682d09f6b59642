import path from 'node:path';

/**
 * Turns DuckDB's file-lock failure into advice: the usual cause is a running `midgoal serve` that
 * owns the folder (DuckDB lets one process open a database file for writing). Other errors pass
 * through with the file named.
 */
export function describeOpenError(file: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/could not set lock|conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/i.exec(message)?.[1];
    const owner = pid ? `process ${pid}` : 'another process';
    const folder = path.dirname(file);
    return new Error(
      `The data folder ${folder} is in use by ${owner}, most likely another midgoal process (\`midgoal serve\`). ` +
        'Stop that process, or send your request to its HTTP API instead of opening the folder directly. / ' +
        `データフォルダー ${folder} は別の midgoal プロセス（\`midgoal serve\` など、${owner}）が使用中です。` +
        'そのプロセスを停止するか、その HTTP API 経由で操作してください。',
      { cause: err },
    );
  }
  return new Error(`Could not open the midgoal database ${file}: ${message}`, { cause: err });
}
