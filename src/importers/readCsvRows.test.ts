import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvRows, type CsvRowChunk } from './readCsvRows.ts';
import { detectDelimiter } from './detectDelimiter.ts';

async function read(parts: string[], opts: { delimiter?: string; forceCsvParse?: boolean } = {}) {
  const chunks: CsvRowChunk[] = [];
  for await (const c of readCsvRows(Readable.from(parts), opts)) chunks.push(c);
  return {
    rows: chunks.flatMap((c) => c.rows.map((r, i) => [c.lines[i], ...r])),
    rejected: chunks.flatMap((c) => c.rejected),
    delimiter: chunks.at(-1)?.delimiter,
    bytes: chunks.at(-1)?.bytesRead,
  };
}

describe('readCsvRows', () => {
  const quoteFree = ['a,b,c\r\n1,2,3\r\n', '\r\n4,5', ',6\n7,8'];

  it('splits quote-free text the same way csv-parse does', async () => {
    const fast = await read(quoteFree);
    const slow = await read(quoteFree, { forceCsvParse: true });
    expect(fast.rows).toEqual([
      [1, 'a', 'b', 'c'],
      [2, '1', '2', '3'],
      [4, '4', '5', '6'],
      [5, '7', '8'],
    ]);
    expect(slow.rows).toEqual(fast.rows);
    expect(fast.bytes).toBe(quoteFree.join('').length);
  });

  it('hands quoted fields (delimiters and newlines inside) to csv-parse, keeping line numbers', async () => {
    const r = await read(['id,note\n1,plain\n2,"a, b"\n3,"two\nlines"\n4,end\n']);
    expect(r.rows).toEqual([
      [1, 'id', 'note'],
      [2, '1', 'plain'],
      [3, '2', 'a, b'],
      [5, '3', 'two\nlines'],
      [6, '4', 'end'],
    ]);
  });

  it('rejects a field whose quote is never closed (file cut inside quotes)', async () => {
    const r = await read(['id,note\n1,ok\n2,"cut']);
    expect(r.rows).toEqual([
      [1, 'id', 'note'],
      [2, '1', 'ok'],
    ]);
    expect(r.rejected).toEqual([{ line: 3, reason: expect.stringContaining('never closed') }]);
  });

  it('detects ; and tab delimiters from the first line', async () => {
    expect((await read(['session_id;user_id;item_id\n1;NA;81766\n'])).rows).toEqual([
      [1, 'session_id', 'user_id', 'item_id'],
      [2, '1', 'NA', '81766'],
    ]);
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('"x;y",b,c')).toBe(',');
    expect(detectDelimiter('single')).toBe(',');
    expect((await read(['a|b\n1|2\n'], { delimiter: '|' })).rows).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
    ]);
  });
});
