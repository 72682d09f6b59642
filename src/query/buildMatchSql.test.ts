import { DOUBLE, DuckDBInstance, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Match } from '../schema/config.ts';
import { buildMatchSql } from './buildMatchSql.ts';
import { inlineClickHouseParams } from './inlineClickHouseParams.ts';

/** Rows the conditions run over; props as the store keeps them (JSON text or NULL). */
const ROWS: [string, string, string | null, string | null][] = [
  ['a', 'page_view', '/', null],
  ['b', 'page_view', '/products/tea', '{"plan":"pro","qty":3,"member":true}'],
  ['c', 'view_item', '/products/tea/reviews', '{"plan":"free","qty":"12","note":"it\'s \\"ok\\""}'],
  ['d', 'add_to_cart', '/products/kettle', '{"plan":"pro","qty":1.5,"a.b":"dot","x":null}'],
  ['e', 'purchase', '/faq', '{"qty":"many","member":false}'],
];

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  await conn.run('CREATE TABLE events (id VARCHAR, name VARCHAR, path VARCHAR, props VARCHAR)');
  for (const row of ROWS) await conn.run('INSERT INTO events VALUES (?, ?, ?, ?)', row);
});
afterAll(() => conn.closeSync());

/** Ids of the rows that match, evaluated by DuckDB. */
async function matching(match: Match): Promise<string[]> {
  const f = buildMatchSql(match, 'duckdb');
  const types = f.params.map((v) => (typeof v === 'string' ? VARCHAR : DOUBLE));
  const reader = await conn.runAndReadAll(`SELECT id FROM events WHERE ${f.sql} ORDER BY id`, [...f.params], types);
  return reader.getRowsJS().map((r) => String(r[0]));
}

describe('buildMatchSql (DuckDB, evaluated)', () => {
  it('event name: one, or any of a list', async () => {
    expect(await matching({ event: 'page_view' })).toEqual(['a', 'b']);
    expect(await matching({ event: ['add_to_cart', 'purchase'] })).toEqual(['d', 'e']);
  });

  it('path glob: * stays within a segment, ** crosses segments', async () => {
    expect(await matching({ path: '/products/*' })).toEqual(['b', 'd']);
    expect(await matching({ path: '/products/**' })).toEqual(['b', 'c', 'd']);
    expect(await matching({ path: '/' })).toEqual(['a']);
  });

  it('path: regex characters in the pattern match themselves', async () => {
    expect(await matching({ path: '/products/te.' })).toEqual([]);
    expect(await matching({ path: '/fa(q|x)' })).toEqual([]);
  });

  it('props eq: a bare string, a number compared as a double, a boolean', async () => {
    expect(await matching({ props: { plan: 'pro' } })).toEqual(['b', 'd']);
    // "12" (a string holding a number) equals 12; 3 equals 3.0
    expect(await matching({ props: { qty: 12 } })).toEqual(['c']);
    expect(await matching({ props: { qty: { eq: 3 } } })).toEqual(['b']);
    expect(await matching({ props: { member: true } })).toEqual(['b']);
    expect(await matching({ props: { member: false } })).toEqual(['e']);
  });

  it('props in: any of strings and numbers', async () => {
    expect(await matching({ props: { plan: { in: ['free', 'gold'] } } })).toEqual(['c']);
    expect(await matching({ props: { qty: { in: [1.5, 3, 'many'] } } })).toEqual(['b', 'd', 'e']);
  });

  it('props contains: substring of the text, quotes included', async () => {
    expect(await matching({ props: { note: { contains: 's "ok' } } })).toEqual(['c']);
    expect(await matching({ props: { plan: { contains: 'ro' } } })).toEqual(['b', 'd']);
  });

  it('props gte / lte: numbers only, bounds inclusive, text that is no number never matches', async () => {
    expect(await matching({ props: { qty: { gte: 3 } } })).toEqual(['b', 'c']);
    expect(await matching({ props: { qty: { lte: 3 } } })).toEqual(['b', 'd']);
    expect(await matching({ props: { qty: { gte: 1.5, lte: 3 } } })).toEqual(['b', 'd']);
  });

  it('props: a dotted name is one key, JSON null and absent keys never match', async () => {
    expect(await matching({ props: { 'a.b': 'dot' } })).toEqual(['d']);
    expect(await matching({ props: { x: 'null' } })).toEqual([]);
    expect(await matching({ props: { missing: { lte: 100 } } })).toEqual([]);
  });

  it('every part must hold', async () => {
    expect(await matching({ event: 'page_view', path: '/products/*', props: { plan: 'pro' } })).toEqual(['b']);
    expect(await matching({ event: 'view_item', props: { plan: 'pro' } })).toEqual([]);
  });
});

describe('buildMatchSql: values are bound, never pasted', () => {
  it('keeps hostile values out of the SQL text (DuckDB)', () => {
    const evil = "x'); DROP TABLE events; --";
    const f = buildMatchSql({ event: evil, props: { plan: evil } }, 'duckdb');
    expect(f.sql).not.toContain('DROP');
    expect(f.params).toEqual([evil, '$."plan"', evil]);
  });

  it('rejects a property name outside the allowlist', () => {
    expect(() => buildMatchSql({ props: { "a') OR 1=1 --": 'x' } }, 'clickhouse')).toThrow(/not allowed/);
    expect(() => buildMatchSql({ props: { 'a"b': 'x' } }, 'duckdb')).toThrow(/not allowed/);
  });

  it('ClickHouse: property names are literals, values placeholders until inlined with escaping', () => {
    const f = buildMatchSql({ event: ['a', "b'c"], path: '/p/*', props: { qty: { gte: 2 } } }, 'clickhouse');
    expect(f.params).toEqual(['a', "b'c", '^/p/[^/]*$', 2]);
    expect(f.sql).toContain("visitParamExtractRaw(props, 'qty')");
    expect(inlineClickHouseParams(f)).toContain("name IN ('a', 'b\\'c')");
    expect(inlineClickHouseParams(f)).toContain("match(path, '^/p/[^/]*$')");
    expect(inlineClickHouseParams(f)).toContain('>= toFloat64(2)');
  });
});
