import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRegexProblem } from './findRegexProblem.ts';

/** Patterns RE2 runs, as written in midgoal.yaml. */
const ACCEPTED = [
  '^/products/[^/]+$',
  '/reviews?(/|$)',
  '(?i)catalog.*\\.pdf$',
  '^/pa(?i)ges',
  '(?i-s:x.)',
  'a{1000}',
  '(a{10}){100}',
  '(a{10})(b{10}){100}',
  'a{,3}',
  'a{2',
  '\\pL+\\p{Han}\\PN',
  '\\x41\\x{3042}',
  '[[:alpha:]][[:^digit:]]',
  '[]a]',
  '[^]a]',
  '[\\[]',
  '[\\]]x',
  '[a[]',
  '[a-z-]',
  'a\\.b\\/c\\-d',
  '\\d+\\s\\w\\D\\S\\W',
  '\\bword\\B',
  '\\Aabc\\z',
  'a|b|',
  '\\n\\t',
];

/** [pattern, what the message must say]: every one of these RE2 refuses too. */
const REJECTED: [string, RegExp][] = [
  ['(a)\\1', /backreferences/],
  ['(?<n>a)\\k<n>', /named groups/],
  ['a\\k<n>', /backreferences/],
  ['a(?=b)', /lookahead/],
  ['a(?!b)', /lookahead/],
  ['(?<=a)b', /lookbehind/],
  ['(?<!a)b', /lookbehind/],
  ['(?>a+)b', /atomic/],
  ['a*+', /possessive/],
  ['a++', /possessive/],
  ['a{2}+', /possessive/],
  ['a{1001}', /at most 1000/],
  ['(a{10}){101}', /multiply to 1010/],
  ['(a{2}|b{600}){2}', /multiply to 1200/],
  ['((a{10}){10}){11}', /multiply to 1100/],
  ['((a{10})){200}', /multiply to 2000/],
  ['((a{10})*b){200}', /multiply to 2000/],
  ['(?x)a', /\(\?/],
  ['(?#note)a', /comments/],
  ['\\Z', /\\Z is not an escape/],
  ['\\e', /\\e is not an escape/],
  ['[\\b]', /inside \[/],
  ['[a-\\d]', /range/],
  ['[[:foo:]]', /character class/],
  ['\\x4', /character code/],
  ['a\\', /lone \\/],
  ['(a', /no matching \)/],
  ['a)', /no matching \(/],
  ['[a', /no matching \]/],
  ['*a', /not a valid regular expression/],
  ['a**', /not a valid regular expression/],
  ['x{2}{3}', /not a valid regular expression/],
  ['a{3,2}', /not a valid regular expression/],
];

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => conn.closeSync());

/** DuckDB's RE2 compiles `pattern` (it is only compiled against a constant, never run on data). */
async function re2Compiles(pattern: string): Promise<boolean> {
  return conn.runAndReadAll('SELECT regexp_matches(?, ?)', ['', pattern]).then(
    () => true,
    () => false,
  );
}

describe('findRegexProblem', () => {
  it('accepts what RE2 runs, and DuckDB compiles each', async () => {
    for (const pattern of ACCEPTED) {
      expect(findRegexProblem(pattern), pattern).toBeUndefined();
      expect(await re2Compiles(pattern), pattern).toBe(true);
    }
  });

  it('refuses what RE2 cannot run, with a message saying why, and DuckDB refuses each too', async () => {
    for (const [pattern, why] of REJECTED) {
      expect(findRegexProblem(pattern), pattern).toMatch(why);
      expect(await re2Compiles(pattern), pattern).toBe(false);
    }
  });

  it('caps the length and refuses an empty pattern', () => {
    expect(findRegexProblem('a'.repeat(512))).toBeUndefined();
    expect(findRegexProblem('a'.repeat(513))).toMatch(/at most 512 characters/);
    expect(findRegexProblem('')).toMatch(/empty/);
  });

  it('is stricter than RE2 only where JavaScript could not check the syntax', () => {
    // \Q…\E and (?P<name>…) are valid RE2; we ask for the plain spelling instead.
    expect(findRegexProblem('\\Qa.b\\E')).toMatch(/\\Q is not an escape/);
    expect(findRegexProblem('(?P<n>a)')).toMatch(/named groups/);
  });

  it('answers fast on patterns that would make a backtracking engine explode (it never runs them)', () => {
    const started = performance.now();
    for (const p of ['(a+)+$', '(a|aa)+$', '(.*a){20}', '^(\\w+\\s?)*$']) expect(findRegexProblem(p), p).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(250);
  });
});
