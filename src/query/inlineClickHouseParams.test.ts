import { describe, expect, it } from 'vitest';
import { clickHouseLiteral, inlineClickHouseParams } from './inlineClickHouseParams.ts';

describe('clickHouseLiteral', () => {
  it('escapes backslashes, quotes and control characters', () => {
    expect(clickHouseLiteral("it's")).toBe("'it\\'s'");
    expect(clickHouseLiteral('a\\b')).toBe("'a\\\\b'");
    expect(clickHouseLiteral('line\nnext\t\0')).toBe("'line\\x0anext\\x09\\x00'");
    expect(clickHouseLiteral('日本語')).toBe("'日本語'");
  });

  it('writes finite numbers plainly and refuses the rest', () => {
    expect(clickHouseLiteral(42)).toBe('42');
    expect(clickHouseLiteral(-1.5)).toBe('-1.5');
    expect(() => clickHouseLiteral(Number.NaN)).toThrow(/NaN/);
    expect(() => clickHouseLiteral(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
  });
});

describe('inlineClickHouseParams', () => {
  it('replaces placeholders in order', () => {
    expect(inlineClickHouseParams({ sql: 'a = ? AND b IN (?, ?)', params: ['x', 1, "y'"] })).toBe(
      "a = 'x' AND b IN (1, 'y\\'')",
    );
  });

  it('refuses a count mismatch', () => {
    expect(() => inlineClickHouseParams({ sql: 'a = ?', params: [] })).toThrow(/1 placeholders but 0 values/);
  });
});
