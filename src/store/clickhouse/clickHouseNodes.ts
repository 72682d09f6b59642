/**
 * The HTTP clients of one ClickHouse deployment's nodes, and the one way midgoal talks to them:
 * each call goes to the first node that answers (a node that just refused a connection is tried
 * last for a while). Only a failure to CONNECT moves a call to the next node: after a timeout or a
 * reset the node may still be running (or have finished) the work, and running it again elsewhere
 * would insert twice or count twice. Such failures, like a down shard, become a
 * StoreUnavailableError naming what to check — never a hang: ClickHouse stops a query after
 * max_execution_time (the URL's timeout) and the client gives up a little later.
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { ClickHouseTarget } from './parseClickHouseUrl.ts';
import { StoreUnavailableError } from './StoreUnavailableError.ts';

/** How long a node that refused a connection is tried after the others. */
const SIDELINE_MS = 10_000;
/** The client waits this much longer than ClickHouse's own limit, so ClickHouse's error (code 159) wins. */
const CLIENT_MARGIN_MS = 5_000;

export interface ClickHouseNode {
  url: string;
  client: ClickHouseClient;
  /** Until when (ms since epoch) other nodes are tried first. */
  sidelinedUntil: number;
}

export class ClickHouseNodes {
  readonly nodes: ClickHouseNode[];

  constructor(readonly target: ClickHouseTarget) {
    this.nodes = target.nodes.map((url) => ({
      url,
      sidelinedUntil: 0,
      client: createClient({
        url,
        username: target.username,
        password: target.password,
        request_timeout: target.timeoutMs + CLIENT_MARGIN_MS,
        // Our errors say what happened; the client's own log would repeat it on stderr.
        log: { level: ClickHouseLogLevel.OFF },
        clickhouse_settings: {
          max_execution_time: Math.ceil(target.timeoutMs / 1000),
          // An acknowledged insert into a Distributed table must be on the shards, not in a
          // node-local queue that a crash of that node could lose.
          insert_distributed_sync: 1,
        },
      }),
    }));
  }

  /** Runs `work` on the first node that answers; a refused connection moves on to the next node. */
  async run<T>(what: string, work: (client: ClickHouseClient, url: string) => Promise<T>): Promise<T> {
    const now = Date.now();
    const order = [...this.nodes].sort((a, b) => Number(a.sidelinedUntil > now) - Number(b.sidelinedUntil > now));
    let last: unknown = null;
    for (const node of order) {
      try {
        return await work(node.client, node.url);
      } catch (err) {
        if (!isConnectFailure(err)) throw describeQueryError(err, what, this.target.display);
        node.sidelinedUntil = Date.now() + SIDELINE_MS;
        last = err;
      }
    }
    throw this.unavailable(what, last);
  }

  /** Runs `work` on every node in turn (migrations, deletes of node-local tables). */
  async each(what: string, work: (client: ClickHouseClient, url: string) => Promise<void>): Promise<void> {
    for (const node of this.nodes) {
      try {
        await work(node.client, node.url);
      } catch (err) {
        if (isConnectFailure(err)) throw this.unavailable(`${what} on ${node.url}`, err);
        throw describeQueryError(err, `${what} on ${node.url}`, this.target.display);
      }
    }
  }

  /** Rows of a SELECT as objects (small results only: everything is read into memory). */
  async rows<T>(what: string, query: string, settings: ClickHouseSettings = {}): Promise<T[]> {
    return this.run(what, async (client) => {
      const rs = await client.query({ query, format: 'JSONEachRow', clickhouse_settings: settings });
      return rs.json<T>();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.client.close()));
  }

  private unavailable(what: string, err: unknown): StoreUnavailableError {
    const reason = err instanceof Error ? err.message : String(err);
    const where = this.target.nodes.join(', ');
    return new StoreUnavailableError(
      `ClickHouse (${where}) did not answer while ${what}: ${reason}. Check that clickhouse-server runs and that MIDGOAL_STORE (${this.target.display}) points at it; events keep arriving in the ingest log meanwhile.`,
      `ClickHouse（${where}）が応答しません（${what}）：${reason}。clickhouse-server が動いているか、MIDGOAL_STORE（${this.target.display}）が正しいか確認してください。その間もイベントは取り込みログに保存されます。`,
    );
  }
}

/** The connection could not be made at all (nothing was sent): safe to try another node. */
export function isConnectFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return code !== undefined && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code);
}

/**
 * Everything that is not a SQL error: ClickHouse's own timeout (159) and a shard it cannot reach
 * (209 socket timeout, 210 network error, 279 all connection tries failed), the client's timeout,
 * a reset connection. These are StoreUnavailableErrors (503); other errors keep their message.
 */
function describeQueryError(err: unknown, what: string, store: string): Error {
  if (!(err instanceof Error)) return new Error(`ClickHouse failed while ${what}: ${String(err)}`);
  const first = err.message.split('\n')[0] ?? '';
  const code = (err as { code?: string }).code;
  if (code === '159') {
    return new StoreUnavailableError(
      `ClickHouse did not finish ${what} within the time limit (${first}). Narrow the date range, or raise ?timeout= in MIDGOAL_STORE.`,
      `ClickHouse が制限時間内に処理を終えませんでした（${what}）。期間を狭めるか、MIDGOAL_STORE の ?timeout= を増やしてください。`,
    );
  }
  if (code === '209' || code === '210' || code === '279') {
    return new StoreUnavailableError(
      `A ClickHouse shard did not answer while ${what} (${first}). Check every node of the cluster; events keep arriving in the ingest logs meanwhile.`,
      `ClickHouse のシャードが応答しません（${what}）。クラスタの全ノードを確認してください。その間もイベントは取り込みログに保存されます。`,
    );
  }
  const errno = (err as NodeJS.ErrnoException).code;
  if (/^E[A-Z]+$/.test(errno ?? '') || /timeout|socket hang up/i.test(first)) {
    return new StoreUnavailableError(
      `ClickHouse (${store}) stopped answering while ${what} (${first}). Check that clickhouse-server runs and is not overloaded; events keep arriving in the ingest log meanwhile.`,
      `ClickHouse（${store}）が応答しなくなりました（${what}）。clickhouse-server が動いていて過負荷でないか確認してください。その間もイベントは取り込みログに保存されます。`,
    );
  }
  const out = new Error(`ClickHouse failed while ${what}: ${first}`);
  out.cause = err;
  return out;
}
