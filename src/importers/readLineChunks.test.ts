import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLineChunks, type LineChunk } from './readLineChunks.ts';

async function collect(parts: Array<string | Buffer>, max?: number): Promise<LineChunk[]> {
  const out: LineChunk[] = [];
  for await (const c of readLineChunks(Readable.from(parts), max)) out.push(c);
  return out;
}

function numbered(chunks: LineChunk[]): Array<[number, string]> {
  return chunks.flatMap((c) => c.lines.map((l, i): [number, string] => [c.firstLine + i, l]));
}

describe('readLineChunks', () => {
  it('joins lines split across reads and numbers them from 1', async () => {
    const chunks = await collect(['a\nb', 'c\r\nd\n', '\ne']);
    expect(numbered(chunks)).toEqual([
      [1, 'a'],
      [2, 'bc'],
      [3, 'd'],
      [4, ''],
      [5, 'e'],
    ]);
    expect(chunks.at(-1)?.bytesRead).toBe(3 + 5 + 2);
  });

  it('keeps a multi-byte character split between two reads', async () => {
    const bytes = Buffer.from('名前\n', 'utf8');
    const chunks = await collect([bytes.subarray(0, 2), bytes.subarray(2)]);
    expect(numbered(chunks)).toEqual([[1, '名前']]);
    expect(chunks.at(-1)?.bytesRead).toBe(7);
  });

  it('drops a byte-order mark', async () => {
    expect(numbered(await collect(['\uFEFFx\n']))).toEqual([[1, 'x']]);
  });

  it('skips an over-long line and reports its number', async () => {
    const chunks = await collect(['ok\n', 'x'.repeat(30), 'y'.repeat(30), 'z\nafter\n'], 50);
    expect(numbered(chunks)).toEqual([
      [1, 'ok'],
      [3, 'after'],
    ]);
    expect(chunks.flatMap((c) => c.overlong)).toEqual([2]);
  });
});
