/**
 * The HTTP clients of one ClickHouse deployment's nodes, and the one way midgoal talks to them:
 * each call goes to the first node that answers (a node that just failed to connect is tried
 * last for a while), and a node that is down, unreachable or too slow becomes a
 * StoreUnavailableError naming it — never a hang (every request has a timeout, and ClickHouse is
 * told the same limit as max_execution_time so it stops working too).
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { ClickHouseTarget } from './parseClickHouseUrl.ts';
import { StoreUnavailableError } from './StoreUnavailableError.ts';

/** How long a node that refused a connection is tried after the others. */
const SIDELINE_MS = 10_000;

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
        request_timeout: target.timeoutMs,
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

  /** Runs `work` on the first node that answers; connection failures move on to the next node. */
  async run<T>(what: string, work: (client: ClickHouseClient) => Promise<T>): Promise<T> {
    const now = Date.now();
    const order = [...this.nodes].sort((a, b) => Number(a.sidelinedUntil > now) - Number(b.sidelinedUntil > now));
    let last: unknown = null;
    for (const node of order) {
      try {
        return await work(node.client);
      } catch (err) {
        if (!isConnectionFailure(err)) throw describeQueryError(err, what);
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
        if (isConnectionFailure(err)) throw this.unavailable(`${what} on ${node.url}`, err);
        throw describeQueryError(err, `${what} on ${node.url}`);
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

/** Refused, reset, unknown host, timed out: the node is not there (as opposed to a SQL error). */
export function isConnectionFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  return /timeout|socket hang up|ECONNREFUSED|ECONNRESET/i.test(err.message);
}

/** A ClickHouse error as one line: code 159 (timeout) becomes a StoreUnavailableError. */
function describeQueryError(err: unknown, what: string): Error {
  if (!(err instanceof Error)) return new Error(`ClickHouse failed while ${what}: ${String(err)}`);
  const code = (err as { code?: string }).code;
  // 209 SOCKET_TIMEOUT, 210 NETWORK_ERROR, 279 ALL_CONNECTION_TRIES_FAILED: a shard behind the
  // node we asked is down or unreachable.
  if (code === '209' || code === '210' || code === '279') {
    return new StoreUnavailableError(
      `A ClickHouse shard did not answer while ${what} (${err.message.split('\n')[0]}). Check every node of the cluster; events keep arriving in the ingest logs meanwhile.`,
      `ClickHouse のシャードが応答しません（${what}）。クラスタの全ノードを確認してください。その間もイベントは取り込みログに保存されます。`,
    );
  }
  if (code === '159' || /Timeout exceeded/i.test(err.message)) {
    return new StoreUnavailableError(
      `ClickHouse did not finish ${what} within the time limit (${err.message.split('\n')[0]}). Narrow the date range, or raise ?timeout= in MIDGOAL_STORE.`,
      `ClickHouse が制限時間内に処理を終えませんでした（${what}）。期間を狭めるか、MIDGOAL_STORE の ?timeout= を増やしてください。`,
    );
  }
  const out = new Error(`ClickHouse failed while ${what}: ${err.message.split('\n')[0]}`);
  out.cause = err;
  return out;
}
