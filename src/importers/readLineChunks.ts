/**
 * Splits a byte stream into lines, a chunk of lines at a time: one await per read chunk rather
 * than per line keeps NDJSON import fast. A line longer than `maxLineChars` (a binary file, or a
 * file with no newlines) is skipped and reported instead of growing memory without bound.
 */
import { StringDecoder } from 'node:string_decoder';

export interface LineChunk {
  /** Complete lines, without `\n` or a trailing `\r`. */
  lines: string[];
  /** 1-based line number of `lines[0]`. */
  firstLine: number;
  /** Bytes consumed so far (cumulative). */
  bytesRead: number;
  /** Line numbers skipped for being too long. */
  overlong: number[];
}

export const MAX_LINE_CHARS = 16 * 1024 * 1024;

export async function* readLineChunks(
  input: AsyncIterable<Buffer | string>,
  maxLineChars = MAX_LINE_CHARS,
): AsyncGenerator<LineChunk> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 1;
  let bytes = 0;
  let started = false;
  let skipping = false;

  for await (const chunk of input) {
    let text: string;
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk);
      text = chunk;
    } else {
      bytes += chunk.length;
      text = decoder.write(chunk);
    }
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const overlong: number[] = [];
    if (skipping) {
      const nl = text.indexOf('\n');
      if (nl === -1) {
        yield { lines: [], firstLine: lineNo, bytesRead: bytes, overlong };
        continue;
      }
      text = text.slice(nl + 1);
      skipping = false;
      lineNo++;
    }
    text = carry + text;
    const last = text.lastIndexOf('\n');
    let lines: string[] = [];
    if (last === -1) {
      carry = text;
    } else {
      lines = text.slice(0, last).split('\n');
      carry = text.slice(last + 1);
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
      }
    }
    const firstLine = lineNo;
    lineNo += lines.length;
    if (carry.length > maxLineChars) {
      overlong.push(lineNo);
      carry = '';
      skipping = true;
    }
    yield { lines, firstLine, bytesRead: bytes, overlong };
  }

  const rest = carry + decoder.end();
  if (!skipping && rest !== '') {
    const line = rest.charCodeAt(rest.length - 1) === 13 ? rest.slice(0, -1) : rest;
    yield { lines: [line], firstLine: lineNo, bytesRead: bytes, overlong: [] };
  }
}
