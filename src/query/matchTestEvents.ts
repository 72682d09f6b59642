/**
 * Hand-written events and the ids each match should select, shared by the DuckDB test
 * (buildMatchSql.test.ts) and the ClickHouse one (buildMatchSql.clickhouse.test.ts) so both
 * engines are held to the same expectations. Test support only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DOUBLE, DuckDBInstance, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Match } from '../schema/match.ts';
import { blankStoredEvent, EVENT_COLUMNS } from '../schema/storedEvent.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { SqlFragment } from './SqlFragment.ts';

export const HOSTILE = "x'); DROP TABLE events; --";
export const HOSTILE_OR = "a') OR 1=1 --";

const T0 = Date.UTC(2026, 10, 1);

function ev(id: string, fields: Partial<StoredEvent> & Pick<StoredEvent, 'name'>): StoredEvent {
  return { ...blankStoredEvent({ id, site: 's', ts: T0, name: fields.name, visitor: 'v' }), ...fields };
}

export const MATCH_TEST_EVENTS: StoredEvent[] = [
  ev('a', { name: 'page_view', path: '/', referrer: 'https://www.Google.com/search?q=tea', channel: 'organic_search', device: 'mobile' }),
  ev('b', { name: 'page_view', path: '/products/tea', referrer: 'https://shop.example/', device: 'desktop', props: '{"plan":"pro","qty":3,"member":true}' }),
  ev('c', { name: 'view_item', path: '/products/tea/reviews', device: 'desktop', props: '{"plan":"free","qty":"12","note":"it\'s \\"ok\\""}' }),
  ev('d', { name: 'add_to_cart', path: '/products/kettle', referrer: 'https://t.co/x', channel: 'social', device: 'tablet', props: '{"plan":"pro","qty":1.5,"a.b":"dot","x":null}' }),
  ev('e', { name: 'purchase', path: '/faq', channel: 'email', device: 'mobile', props: '{"qty":"many","member":false}' }),
  ev('f', { name: 'page_engagement', path: '/blog/size-guide', props: '{"engaged_seconds":130,"scroll_depth":75}' }),
  ev('g', { name: 'page_engagement', path: '/blog', props: '{"engaged_seconds":300,"scroll_depth":50}' }),
  ev('h', { name: 'video_progress', path: '/journal', props: '{"video_percent":50,"video_title":"How to brew"}' }),
  ev('i', { name: 'video_progress', path: '/journal', props: '{"percent":25}' }),
  ev('j', { name: 'video_complete', path: '/journal', props: '{"video_percent":null}' }),
  ev('k', { name: 'file_download', path: '/pages/catalog', props: '{"file_extension":"pdf","file_name":"Catalog 2026.pdf"}' }),
  ev('l', { name: 'file_download', path: '/pages/catalog', props: '{"file_extension":"zip"}' }),
  ev('m', { name: HOSTILE, path: '/compare/tea-vs-coffee', props: JSON.stringify({ plan: HOSTILE, note: HOSTILE_OR }) }),
  // Numbers as text: JSON's number grammar decides on both engines (" 12" and "+5" are text).
  ev('n', { name: 'scroll', props: '{"qty":" 12"}' }),
  ev('o', { name: 'scroll', props: '{"qty":"+5"}' }),
  ev('p', { name: 'scroll', props: '{"qty":"1e1"}' }),
];

/** [what it shows, match, ids of MATCH_TEST_EVENTS it selects] — no aggregates (ClickHouse runs them too). */
export const MATCH_CASES: ReadonlyArray<readonly [string, Match, readonly string[]]> = [
  ['event: one name', { event: 'page_view' }, ['a', 'b']],
  ['event: any of a list', { event: ['add_to_cart', 'purchase'] }, ['d', 'e']],
  ['path glob *: one segment', { path: '/products/*' }, ['b', 'd']],
  ['path glob **: across segments', { path: '/products/**' }, ['b', 'c', 'd']],
  ['path glob: regex characters match themselves', { path: '/products/te.' }, []],
  ['pathRegex: unanchored search', { pathRegex: 'size[-_]?guide' }, ['f']],
  ['pathRegex: anchored', { pathRegex: '^/products/[^/]+$' }, ['b', 'd']],
  ['pathRegex: (?i) ignores case', { pathRegex: '(?i)^/PAGES/' }, ['k', 'l']],
  ['pathRegex: (?i) in the middle ignores case from there on', { pathRegex: '^/pa(?i)GES/' }, ['k', 'l']],
  ['pathRegex: (?i) in the middle, the start still counts case', { pathRegex: '^/PA(?i)GES/' }, []],
  ['referrer: contains, ignoring case', { referrer: 'google.com' }, ['a']],
  ['referrer: any of a list', { referrer: ['T.CO', 'shop.example'] }, ['b', 'd']],
  ['channel', { channel: 'social' }, ['d']],
  ['channel: list', { channel: ['email', 'organic_search'] }, ['a', 'e']],
  ['device', { device: ['desktop', 'tablet'] }, ['b', 'c', 'd']],
  ['props eq: bare string', { props: { plan: 'pro' } }, ['b', 'd']],
  ['props eq: number compares as a double ("12" = 12)', { props: { qty: 12 } }, ['c']],
  ['props eq: boolean', { props: { member: false } }, ['e']],
  ['props neq: present and different', { props: { plan: { neq: 'pro' } } }, ['c', 'm']],
  ['props neq: number, text that is no number differs', { props: { qty: { neq: 3 } } }, ['c', 'd', 'e', 'n', 'o', 'p']],
  ['props in: strings and numbers', { props: { qty: { in: [1.5, 3, 'many'] } } }, ['b', 'd', 'e']],
  ['props contains: case-sensitive substring', { props: { note: { contains: 's "ok' } } }, ['c']],
  ['props regex: unanchored RE2 on the text', { props: { file_name: { regex: '(?i)catalog.*\\.pdf$' } } }, ['k']],
  ['props gt', { props: { qty: { gt: 3 } } }, ['c', 'p']],
  ['props gte', { props: { qty: { gte: 3 } } }, ['b', 'c', 'p']],
  ['props lt', { props: { qty: { lt: 3 } } }, ['d']],
  ['props lte', { props: { qty: { lte: 3 } } }, ['b', 'd']],
  ['props exists: true (JSON null is absent)', { props: { video_percent: { exists: true } } }, ['h']],
  ['props exists: false', { event: 'video_complete', props: { video_percent: { exists: false } } }, ['j']],
  ['props: a dotted name is one key', { props: { 'a.b': 'dot' } }, ['d']],
  ['props: absent keys never match', { props: { missing: { lte: 100 } } }, []],
  [
    'engaged ≥ 120 s AND scrolled ≥ 70 % on one page view',
    { event: 'page_engagement', props: { engaged_seconds: { gte: 120 }, scroll_depth: { gte: 70 } } },
    ['f'],
  ],
  ['every part must hold', { event: 'page_view', path: '/products/*', props: { plan: 'pro' } }, ['b']],
  ['all: each entry', { all: [{ props: { plan: 'pro' } }, { device: 'tablet' }] }, ['d']],
  [
    'any: one entry (video_percent or percent)',
    { event: 'video_progress', any: [{ props: { video_percent: { gte: 25 } } }, { props: { percent: { gte: 25 } } }] },
    ['h', 'i'],
  ],
  ['not: an absent property makes the inner match false, so not holds', { event: ['page_view', 'purchase'], not: { props: { plan: 'pro' } } }, ['a', 'e']],
  ['not: of a NULL-valued condition', { event: ['view_item', 'purchase'], not: { props: { qty: { gte: 100 } } } }, ['c', 'e']],
  ['nesting: not inside any inside all', { all: [{ any: [{ device: 'mobile' }, { not: { channel: 'direct' } }] }], path: '/**' }, ['a', 'd', 'e']],
  ['a hostile value is bound, matched literally', { props: { plan: HOSTILE } }, ['m']],
  ['a hostile event name is bound, matched literally', { event: HOSTILE }, ['m']],
  ['a quote-and-OR value is bound, matched literally', { props: { note: { contains: HOSTILE_OR } } }, ['m']],
];

/** An in-memory DuckDB with the events table of the migrations, holding `events`, and the view `ev` (with session_key). */
export async function openMatchTestDuckDb(events: readonly StoredEvent[]): Promise<DuckDBConnection> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const dir = fileURLToPath(new URL('../store/duckdb/migrations/', import.meta.url));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    await conn.run(readFileSync(`${dir}${file}`, 'utf8'));
  }
  const placeholders = EVENT_COLUMNS.map(([, type]) => (type === 'timestamp_ms' ? 'epoch_ms(CAST(? AS BIGINT))' : '?'));
  const insert = `INSERT INTO events VALUES (${placeholders.join(', ')})`;
  for (const e of events) await conn.run(insert, EVENT_COLUMNS.map(([column]) => e[column]));
  // What the funnel engine hands the step mask: every column plus the visitor's session.
  await conn.run('CREATE VIEW ev AS SELECT *, session AS session_key FROM events');
  return conn;
}

/** Ids of the rows of `ev` for which `condition` (a SQL boolean) is true, evaluated by DuckDB. */
export async function duckDbMatchingIds(conn: DuckDBConnection, condition: SqlFragment): Promise<string[]> {
  const types = condition.params.map((v) => (typeof v === 'string' ? VARCHAR : DOUBLE));
  // In the SELECT list, as the funnel engine does: window functions see every row first.
  const text = `SELECT id FROM (SELECT id, ${condition.sql} AS hit FROM ev) WHERE hit ORDER BY id`;
  const reader = await conn.runAndReadAll(text, [...condition.params], types);
  return reader.getRowsJS().map((r) => String(r[0]));
}
