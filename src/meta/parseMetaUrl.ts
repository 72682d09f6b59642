/**
 * MIDGOAL_META / --meta → which engine, and how to name it in messages without the password.
 */
import { MetaStoreError } from './MetaStoreError.ts';

export type MetaLocation = { kind: 'file' } | { kind: 'postgres'; url: string; describe: string; hostPort: string };

const ACCEPTED = 'leave it empty for the data folder, or give postgres://user:password@host:5432/database (postgresql:// works too)';
const ACCEPTED_JA = '空にするとデータフォルダーを使います。PostgreSQL なら postgres://user:password@host:5432/database（postgresql:// も可）を指定してください';

export function parseMetaUrl(url: string | undefined): MetaLocation {
  const given = url?.trim() ?? '';
  if (given === '') return { kind: 'file' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(given)?.[1]?.toLowerCase();
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    const shown = scheme ? `${scheme}://…` : `"${redact(given)}"`;
    throw new MetaStoreError(
      `MIDGOAL_META (or --meta) ${shown} is not a metadata store midgoal can use; ${ACCEPTED}.`,
      `MIDGOAL_META（または --meta）の ${shown} は使えません。${ACCEPTED_JA}。`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(given);
  } catch {
    throw new MetaStoreError(
      `MIDGOAL_META (or --meta) is not a valid URL; write it as postgres://user:password@host:5432/database (percent-encode special characters in the password).`,
      `MIDGOAL_META（または --meta）が正しい URL ではありません。postgres://user:password@host:5432/database の形で指定してください（パスワードの記号はパーセントエンコードしてください）。`,
    );
  }
  const host = parsed.hostname || 'localhost';
  const hostPort = `${host}:${parsed.port || '5432'}`;
  const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
  // The query is left out: it may carry password=… or sslkey paths.
  return { kind: 'postgres', url: given, hostPort, describe: `postgres://${user}${hostPort}${parsed.pathname}` };
}

/** Never echo what may be a password back to a terminal or a log. */
function redact(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//…@').slice(0, 80);
}
