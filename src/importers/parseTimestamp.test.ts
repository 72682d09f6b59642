import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './parseTimestamp.ts';

const OCT_1_2019 = Date.UTC(2019, 9, 1); // 1569888000000

describe('parseTimestamp', () => {
  it('reads the REES46 form "YYYY-MM-DD HH:MM:SS UTC"', () => {
    expect(parseTimestamp('2019-10-01 00:00:00 UTC')).toBe(OCT_1_2019);
    expect(parseTimestamp('2019-10-01 02:28:14 UTC')).toBe(OCT_1_2019 + (2 * 3600 + 28 * 60 + 14) * 1000);
  });

  it('reads ISO 8601 with Z, offsets and fractions', () => {
    expect(parseTimestamp('2019-10-01T00:00:00Z')).toBe(OCT_1_2019);
    expect(parseTimestamp('2019-10-01T09:00:00+09:00')).toBe(OCT_1_2019);
    expect(parseTimestamp('2019-09-30T19:00:00-0500')).toBe(OCT_1_2019);
    expect(parseTimestamp('2019-10-01T00:00:00.250Z')).toBe(OCT_1_2019 + 250);
  });

  it('takes text without a zone as UTC, and a bare date as midnight UTC', () => {
    expect(parseTimestamp('2019-10-01 00:00:00')).toBe(OCT_1_2019);
    expect(parseTimestamp('2019/10/01 00:00')).toBe(OCT_1_2019);
    expect(parseTimestamp('2016-05-09')).toBe(Date.UTC(2016, 4, 9));
  });

  it('reads bare numbers by their size: seconds, milliseconds, microseconds', () => {
    expect(parseTimestamp('1511658000')).toBe(1511658000000); // Taobao: 2017-11-26T01:00:00Z
    expect(parseTimestamp('1511658000123')).toBe(1511658000123);
    expect(parseTimestamp('1511658000123456')).toBe(1511658000123);
    expect(parseTimestamp('1511658000.5')).toBe(1511658000500);
  });

  it('follows an explicit format', () => {
    expect(parseTimestamp('1511658000', 'unix-ms')).toBe(1511658000);
    expect(parseTimestamp('1511658000123', 'unix-s')).toBe(1511658000123000);
    expect(parseTimestamp('1511658000123456', 'unix-us')).toBe(1511658000123);
    expect(parseTimestamp('1511658000', 'iso')).toBeNaN();
    expect(parseTimestamp('2019-10-01', 'unix-s')).toBeNaN();
  });

  it('rejects what is not a calendar time', () => {
    for (const bad of ['', 'yesterday', '2019-02-30', '2019-13-01', '2019-10-01 24:00:00', '2019-10-01T00:00:00 PST']) {
      expect(parseTimestamp(bad), bad).toBeNaN();
    }
  });
});
