import { describe, expect, it } from 'vitest';
import { buildClickHouseFunnelSql, maxClickHouseFunnelSpanSeconds } from './buildClickHouseFunnelSql.ts';
import { buildStepMaskSql } from './buildStepMaskSql.ts';

describe('buildStepMaskSql', () => {
  it('gives step k the bit 2^k', () => {
    const f = buildStepMaskSql([{ event: 'a' }, { event: 'b' }, { event: 'c' }], 'duckdb');
    expect(f.sql).toBe(
      '(CASE WHEN (name = ?) THEN 1 ELSE 0 END + CASE WHEN (name = ?) THEN 2 ELSE 0 END + CASE WHEN (name = ?) THEN 4 ELSE 0 END)',
    );
    expect(f.params).toEqual(['a', 'b', 'c']);
  });

  it('refuses more than 20 steps', () => {
    expect(() => buildStepMaskSql(Array.from({ length: 21 }, () => ({ event: 'a' })), 'duckdb')).toThrow(/1 to 20/);
  });
});

describe('buildClickHouseFunnelSql', () => {
  const steps = [{ event: 'page_view' }, { event: 'view_item' }, { event: 'purchase' }];

  it('scales time by the step count: window 60 s with 3 steps is 60·3 + 2', () => {
    const f = buildClickHouseFunnelSql({ site: 's', steps, windowSeconds: 60 }, 'db.events');
    expect(f.sql).toContain('windowFunnel(182)(toUInt32(t), s = 0, s = 1, s = 2)');
    expect(f.sql).toContain('* 3 + s AS t');
    // open range: the base is the site's first event
    expect(f.sql).toContain('(SELECT toUInt32(min(ts)) FROM db.events WHERE site = ?)');
    expect(f.params).toEqual(['s', 'page_view', 'view_item', 'purchase', 's']);
  });

  it('uses the range start as the base and filters by ms', () => {
    const f = buildClickHouseFunnelSql({ site: 's', steps, windowSeconds: 60, from: 1_700_000_000_500, to: 1_800_000_000_000 }, 'events');
    expect(f.sql).toContain('(toUInt32(ts) - 1700000000) * 3');
    expect(f.sql).toContain('toUInt32(ts) * 1000 >= ? AND toUInt32(ts) * 1000 < ?');
    expect(f.params.slice(-2)).toEqual([1_700_000_000_500, 1_800_000_000_000]);
  });

  it('refuses a table name that is not a plain identifier', () => {
    expect(() => buildClickHouseFunnelSql({ site: 's', steps, windowSeconds: 60 }, 'events; DROP')).toThrow(/table name/);
  });
});

describe('maxClickHouseFunnelSpanSeconds', () => {
  it('is (2^31 - 1 - (S - 1)) / S: about 11.3 years at 6 steps, 3.4 at 20', () => {
    expect(maxClickHouseFunnelSpanSeconds(6)).toBe(Math.floor((2 ** 31 - 6) / 6));
    expect(maxClickHouseFunnelSpanSeconds(20) / (365 * 86_400)).toBeCloseTo(3.4, 1);
  });
});
