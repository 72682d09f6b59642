import { describe, expect, it } from 'vitest';
import { MetaStoreError } from './MetaStoreError.ts';
import { parseMetaUrl } from './parseMetaUrl.ts';

describe('parseMetaUrl', () => {
  it('empty means the data folder', () => {
    expect(parseMetaUrl(undefined)).toEqual({ kind: 'file' });
    expect(parseMetaUrl(' ')).toEqual({ kind: 'file' });
  });

  it('names a Postgres server without password or query, default port 5432', () => {
    expect(parseMetaUrl('postgres://midgoal:s3cret@db:6543/midgoal?sslmode=require&password=x')).toMatchObject({
      kind: 'postgres',
      describe: 'postgres://midgoal@db:6543/midgoal',
      hostPort: 'db:6543',
    });
    expect(parseMetaUrl('postgresql://db/midgoal')).toMatchObject({ describe: 'postgres://db:5432/midgoal', hostPort: 'db:5432' });
  });

  it('refuses other schemes and says what is accepted, without echoing secrets', () => {
    expect(() => parseMetaUrl('clickhouse://u:pw@h:8123/db')).toThrow(MetaStoreError);
    expect(() => parseMetaUrl('clickhouse://u:pw@h:8123/db')).toThrow(/clickhouse:\/\/… is not a metadata store.*postgres:\/\//);
    expect(() => parseMetaUrl('db.example.com')).toThrow(/"db.example.com"/);
    expect(() => parseMetaUrl('//u:pw@host')).not.toThrow(/pw/);
  });
});
