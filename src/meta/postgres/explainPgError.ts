/**
 * Driver and server errors that mean "the metadata database is not usable as configured" →
 * one MetaStoreError naming the server (password hidden) and what to check. Anything else (a bug,
 * a constraint) is returned unchanged.
 */
import { MetaStoreError } from '../MetaStoreError.ts';

export interface PgTarget {
  /** postgres://user@host:port/db, no password. */
  describe: string;
  hostPort: string;
}

export function explainPgError(err: unknown, target: PgTarget): unknown {
  if (err instanceof MetaStoreError) return err;
  const code = errorCode(err);
  const text = err instanceof Error ? err.message : String(err);
  const at = `the metadata database ${target.describe}`;
  const explain = (en: string, ja: string): MetaStoreError =>
    new MetaStoreError(`cannot use ${at}: ${en}`, `メタデータのデータベース ${target.describe} を使えません: ${ja}`, { cause: err });

  switch (code) {
    case 'ECONNREFUSED':
      return explain(
        `nothing accepts connections on ${target.hostPort}; check that PostgreSQL runs there and that MIDGOAL_META (or --meta) names the right host and port.`,
        `${target.hostPort} で接続を受け付けていません。PostgreSQL が起動しているか、MIDGOAL_META（または --meta）のホストとポートが正しいか確認してください。`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return explain(
        `the host in ${target.hostPort} cannot be resolved; check MIDGOAL_META (or --meta) for a typo in the host name and the DNS of this machine.`,
        `${target.hostPort} のホスト名を解決できません。MIDGOAL_META（または --meta）のホスト名とこのマシンの DNS を確認してください。`,
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'CONNECT_TIMEOUT':
      return explain(
        `no answer from ${target.hostPort} in time; check the host and port in MIDGOAL_META (or --meta), firewalls and that PostgreSQL listens on that address (listen_addresses).`,
        `${target.hostPort} から時間内に応答がありません。MIDGOAL_META（または --meta）のホストとポート、ファイアウォール、PostgreSQL の listen_addresses を確認してください。`,
      );
    case '28P01':
    case '28000':
      return explain(
        `PostgreSQL refused the login (${text}); check the user and password in MIDGOAL_META (or --meta) and pg_hba.conf on the server.`,
        `PostgreSQL がログインを拒否しました（${text}）。MIDGOAL_META（または --meta）のユーザーとパスワード、サーバーの pg_hba.conf を確認してください。`,
      );
    case '3D000':
      return explain(
        `the database does not exist (${text}); create it (createdb) or correct its name in MIDGOAL_META (or --meta).`,
        `データベースがありません（${text}）。createdb で作成するか、MIDGOAL_META（または --meta）のデータベース名を直してください。`,
      );
    case '42501':
      return explain(
        `permission denied (${text}); the user in MIDGOAL_META needs to create tables in the database (GRANT CREATE) or the tables must exist already.`,
        `権限がありません（${text}）。MIDGOAL_META のユーザーにテーブル作成の権限（GRANT CREATE）を与えてください。`,
      );
    case '42P01':
      return explain(
        `the metadata tables are missing (${text}); run "midgoal migrate" (or start midgoal serve once) against this database.`,
        `メタデータのテーブルがありません（${text}）。このデータベースに対して "midgoal migrate" を実行してください（midgoal serve の起動でも作成されます）。`,
      );
    case 'ECONNRESET':
    case '57P01':
    case '57P03':
      return explain(
        `the connection to ${target.hostPort} was closed (${text}); PostgreSQL may be restarting; try again in a moment.`,
        `${target.hostPort} への接続が切れました（${text}）。PostgreSQL が再起動中かもしれません。少し待ってからもう一度試してください。`,
      );
    default:
      return err;
  }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  if ('code' in err && typeof err.code === 'string') return err.code;
  const message = err instanceof Error ? err.message : '';
  // node-postgres reports its own connect timeout only in words.
  if (/timeout expired|connection timeout/i.test(message)) return 'CONNECT_TIMEOUT';
  // Node 20 tries every address of a host; the AggregateError carries the codes of its parts.
  if (err instanceof AggregateError) return err.errors.map(errorCode).find((c) => c !== undefined);
  return undefined;
}
