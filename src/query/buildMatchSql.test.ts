import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchSchema } from '../schema/match.ts';
import type { Match } from '../schema/match.ts';
import { buildMatchSql } from './buildMatchSql.ts';
import { NUMBER_TEXT } from './matchDialect.ts';
import { inlineClickHouseParams } from './inlineClickHouseParams.ts';
import { duckDbMatchingIds, HOSTILE, HOSTILE_OR, MATCH_CASES, MATCH_TEST_EVENTS, openMatchTestDuckDb } from './matchTestEvents.ts';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await openMatchTestDuckDb(MATCH_TEST_EVENTS);
});
afterAll(() => conn.closeSync());

const matching = (match: Match) => duckDbMatchingIds(conn, buildMatchSql(match, 'duckdb'));

describe('buildMatchSql (DuckDB, evaluated on the events table of the migrations)', () => {
  for (const [what, match, expected] of MATCH_CASES) {
    it(what, async () => {
      // Every case is also valid midgoal.yaml: the schema accepts what the builder is tested on.
      expect(matchSchema.safeParse(match).success).toBe(true);
      expect(await matching(match)).toEqual(expected);
    });
  }

  it('keeps the SQL of the simple forms unchanged', () => {
    expect(buildMatchSql({ event: 'purchase' }, 'duckdb')).toEqual({ sql: '(name = ?)', params: ['purchase'] });
    expect(buildMatchSql({ event: 'a', path: '/p/*', props: { qty: { gte: 2 } } }, 'duckdb')).toEqual({
      sql: '(name = ? AND regexp_full_match(path, ?) AND (CASE WHEN regexp_full_match(json_extract_string(props, ?), ?) THEN CAST(json_extract_string(props, ?) AS DOUBLE) END) >= CAST(? AS DOUBLE))',
      params: ['a', '^/p/[^/]*$', '$."qty"', NUMBER_TEXT, '$."qty"', 2],
    });
  });
});

describe('buildMatchSql: values are bound, never pasted', () => {
  it('keeps hostile values out of the SQL text (DuckDB), and the table survives them', async () => {
    const f = buildMatchSql({ event: HOSTILE, props: { plan: HOSTILE, note: { regex: "'\\)" } } }, 'duckdb');
    expect(f.sql).not.toContain('DROP');
    expect(f.sql).not.toContain("'");
    expect(f.params).toEqual([HOSTILE, '$."plan"', HOSTILE, '$."note"', "'\\)"]);
    expect(await duckDbMatchingIds(conn, f)).toEqual(['m']);
    const count = await conn.runAndReadAll('SELECT count(*) FROM events');
    expect(Number(count.getRowsJS()[0]?.[0])).toBe(MATCH_TEST_EVENTS.length);
  });

  it('refuses property names outside the allowlist, on both engines', () => {
    for (const name of ["'; DROP TABLE events; --", HOSTILE_OR, 'a"b', "a'b", 'a b', '']) {
      expect(() => buildMatchSql({ props: { [name]: 'x' } }, 'clickhouse'), name).toThrow(/not allowed/);
      expect(() => buildMatchSql({ props: { [name]: 'x' } }, 'duckdb'), name).toThrow(/not allowed/);
      expect(() => buildMatchSql({ any: [{ not: { props: { [name]: { exists: true } } } }] }, 'duckdb'), name).toThrow(/not allowed/);
    }
  });

  it('refuses a regex RE2 cannot run even when the Match did not pass the schema', () => {
    expect(() => buildMatchSql({ pathRegex: '(a)\\1' }, 'duckdb')).toThrow(/backreferences/);
    expect(() => buildMatchSql({ props: { x: { regex: '(?<=a)b' } } }, 'clickhouse')).toThrow(/lookbehind/);
  });

  it('refuses nesting deeper than 8 levels even when the Match did not pass the schema', () => {
    let deep: Match = { event: 'a' };
    for (let i = 0; i < 8; i++) deep = { not: deep };
    expect(() => buildMatchSql(deep, 'duckdb')).toThrow(/at most 8 levels of matches/);
    expect(buildMatchSql({ not: { not: { event: 'a' } } }, 'duckdb').sql).toBe(
      '((NOT COALESCE(((NOT COALESCE((name = ?), FALSE))), FALSE)))',
    );
  });

  it('ClickHouse: property names are literals, values placeholders until inlined with escaping', () => {
    const f = buildMatchSql({ event: ['a', "b'c"], path: '/p/*', props: { qty: { gte: 2 } } }, 'clickhouse');
    expect(f.params).toEqual(['a', "b'c", '^/p/[^/]*$', NUMBER_TEXT, 2]);
    expect(f.sql).toContain("visitParamExtractRaw(props, 'qty')");
    expect(inlineClickHouseParams(f)).toContain("name IN ('a', 'b\\'c')");
    expect(inlineClickHouseParams(f)).toContain("match(path, '^/p/[^/]*$')");
    expect(inlineClickHouseParams(f)).toContain('>= toFloat64(2)');
  });

  it('ClickHouse: a hostile value is one escaped literal', () => {
    const text = inlineClickHouseParams(buildMatchSql({ referrer: HOSTILE_OR, props: { plan: { neq: HOSTILE } } }, 'clickhouse'));
    expect(text).toContain("(position(lowerUTF8(referrer), 'a\\') or 1=1 --') > 0)");
    expect(text).toContain("IN ('x\\'); DROP TABLE events; --')");
  });
});
