import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { escapeCsvField } from './escapeCsvField.ts';
import { formatDroppedCsv } from './formatDroppedCsv.ts';

const seconds = (iso: string): number => Date.parse(iso) / 1000;

describe('escapeCsvField (RFC 4180)', () => {
  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(escapeCsvField('plain')).toBe('plain');
    expect(escapeCsvField('a,"b"')).toBe('"a,""b"""');
    expect(escapeCsvField('two\nlines')).toBe('"two\nlines"');
    expect(escapeCsvField('')).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(escapeCsvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(escapeCsvField('+1')).toBe("'+1");
    expect(escapeCsvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('formatDroppedCsv', () => {
  it('writes a header and one CRLF line per unit that csv-parse reads back', () => {
    const csv = formatDroppedCsv(
      [
        { id: 'c,"x"', reachedAt: [seconds('2026-11-02T01:00:00Z')] },
        { id: 'f', reachedAt: [seconds('2026-10-31T15:30:00Z')] },
      ],
      ['product_detail'],
      'visitor',
    );
    expect(csv).toBe('visitor,product_detail_at\r\n"c,""x""",2026-11-02T01:00:00Z\r\nf,2026-10-31T15:30:00Z\r\n');
    expect(parse(csv)).toEqual([
      ['visitor', 'product_detail_at'],
      ['c,"x"', '2026-11-02T01:00:00Z'],
      ['f', '2026-10-31T15:30:00Z'],
    ]);
  });

  it('adds a session column for session funnels', () => {
    const csv = formatDroppedCsv(
      [{ id: 'v1\u0000s1', reachedAt: [seconds('2026-11-01T14:00:00Z'), seconds('2026-11-01T14:00:30Z')] }],
      ['product_detail', 'add_to_cart'],
      'session',
    );
    expect(parse(csv)).toEqual([
      ['visitor', 'session', 'product_detail_at', 'add_to_cart_at'],
      ['v1', 's1', '2026-11-01T14:00:00Z', '2026-11-01T14:00:30Z'],
    ]);
  });

  it('is just the header when nobody dropped', () => {
    expect(formatDroppedCsv([], ['visit'], 'visitor')).toBe('visitor,visit_at\r\n');
  });
});
