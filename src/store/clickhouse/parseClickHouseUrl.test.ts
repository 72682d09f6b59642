import { describe, expect, it } from 'vitest';
import { hidePassword, parseClickHouseUrl } from './parseClickHouseUrl.ts';

describe('parseClickHouseUrl', () => {
  it('reads one node with defaults', () => {
    const t = parseClickHouseUrl('clickhouse://127.0.0.1:8123/midgoal');
    expect(t).toMatchObject({ nodes: ['http://127.0.0.1:8123'], database: 'midgoal', cluster: null, username: 'default', password: '', timeoutMs: 60_000 });
  });

  it('reads several nodes, a user, a cluster and a timeout', () => {
    const t = parseClickHouseUrl('clickhouse://ana:s%40cret@ch1,ch2:8124/shop_db?cluster=two&timeout=5');
    expect(t.nodes).toEqual(['http://ch1:8123', 'http://ch2:8124']);
    expect(t).toMatchObject({ database: 'shop_db', cluster: 'two', username: 'ana', password: 's@cret', timeoutMs: 5000 });
    expect(t.display).toBe('clickhouse://ana:***@ch1,ch2:8124/shop_db?cluster=two&timeout=5');
  });

  it.each([
    ['http://127.0.0.1:8123/x', 'is not a clickhouse:// URL'],
    ['clickhouse://h:99999/x', 'out of range'],
    ['clickhouse://h/drop;table', 'names database'],
    ['clickhouse://h/x?shards=2', 'unknown option "shards"'],
    ['clickhouse://h/x?cluster=a-b', 'names cluster'],
    ['clickhouse://h/x?timeout=0', 'timeout'],
    ['clickhouse://h1,h2/x', 'several hosts without ?cluster=NAME'],
  ])('refuses %s', (url, why) => {
    expect(() => parseClickHouseUrl(url)).toThrow(why);
  });

  it('never shows a password in its errors', () => {
    expect(() => parseClickHouseUrl('clickhouse://u:topsecret@h/x?bad=1')).toThrow(/u:\*\*\*@h/);
    expect(hidePassword('postgres://u:pw@db/m')).toBe('postgres://u:***@db/m');
    expect(hidePassword('clickhouse://ana:se/cr@t@h/x')).toBe('clickhouse://ana:***@h/x');
  });
});
