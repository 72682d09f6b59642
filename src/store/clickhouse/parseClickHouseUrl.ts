/**
 * `MIDGOAL_STORE=clickhouse://[user[:password]@]host[:port][,host2[:port2]…]/database[?cluster=NAME&timeout=SECONDS]`
 *
 * Several hosts are the nodes of one deployment: midgoal runs its migrations on each (ClickHouse
 * 18.16's `ON CLUSTER` needs ZooKeeper, which a small deployment does not have) and sends queries
 * and inserts to the first node that answers. With `cluster=NAME` (a `<remote_servers>` entry in
 * the nodes' config) events live in `events_local` on each shard behind a Distributed `events`
 * table, sharded by visitor so one visitor's events stay on one shard.
 */
export interface ClickHouseTarget {
  /** `http://host:port` per node, in the order given. */
  nodes: string[];
  database: string;
  cluster: string | null;
  username: string;
  password: string;
  /** How long one query may take before it fails with a clear message (default 60 s). */
  timeoutMs: number;
  /** The URL without the password, for messages. */
  display: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;
const EXAMPLE = 'clickhouse://127.0.0.1:8123/midgoal or clickhouse://user:pass@ch1:8123,ch2:8123/midgoal?cluster=midgoal';

export class StoreUrlError extends Error {
  override readonly name = 'StoreUrlError';
}

export function parseClickHouseUrl(text: string): ClickHouseTarget {
  const bad = (why: string): StoreUrlError =>
    new StoreUrlError(`MIDGOAL_STORE "${hidePassword(text)}" ${why}. Expected e.g. ${EXAMPLE}.`);
  const m = /^clickhouse:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(text.trim());
  if (!m) throw bad('is not a clickhouse:// URL');
  const [, user, password, hostList = '', dbPart = '', query = ''] = m;
  const nodes = hostList.split(',').map((h) => {
    const hm = HOST.exec(h.trim());
    if (!hm) throw bad(`has a host "${h}" that is not host or host:port`);
    const port = hm[2] === undefined ? 8123 : Number(hm[2]);
    if (port < 1 || port > 65535) throw bad(`has port ${hm[2]} out of range`);
    return `http://${hm[1]}:${port}`;
  });
  const database = decodeURIComponent(dbPart || 'midgoal');
  if (!IDENTIFIER.test(database)) throw bad(`names database "${database}": use letters, digits and _`);
  const params = new URLSearchParams(query);
  for (const key of params.keys()) {
    if (key !== 'cluster' && key !== 'timeout') throw bad(`has an unknown option "${key}" (known: cluster, timeout)`);
  }
  const cluster = params.get('cluster');
  if (cluster !== null && !IDENTIFIER.test(cluster)) throw bad(`names cluster "${cluster}": use letters, digits and _`);
  if (nodes.length > 1 && cluster === null) {
    // Without a cluster each node would hold its own unrelated events table.
    throw bad('lists several hosts without ?cluster=NAME: several hosts are the shards of one cluster (a <remote_servers> entry); for one node give one host');
  }
  const timeoutText = params.get('timeout');
  const timeoutSeconds = timeoutText === null ? 60 : Number(timeoutText);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600) {
    throw bad(`has timeout "${timeoutText}": give seconds between 1 and 3600`);
  }
  return {
    nodes,
    database,
    cluster,
    username: decodeURIComponent(user || 'default'),
    password: decodeURIComponent(password ?? ''),
    timeoutMs: timeoutSeconds * 1000,
    display: hidePassword(text.trim()),
  };
}

/** The URL with any password replaced by `***`. */
export function hidePassword(url: string): string {
  // Up to the LAST @ before the path: a password may itself hold '/' or '@'.
  return url.replace(/^(\w+:\/\/[^:@/]*:)[^?#]*@/, '$1***@');
}
