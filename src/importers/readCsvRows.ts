/**
 * Streams CSV records as arrays of fields. csv-parse does the real CSV work (quotes, embedded
 * delimiters and newlines, CRLF); it parses ~400k short rows/s, too slow for the import target,
 * so while the text has no `"` at all the rows are split directly — for quote-free text both
 * give the same fields (readCsvRows.test.ts checks). From the first line holding a quote on,
 * the rest of the file goes through csv-parse.
 */
import { StringDecoder } from 'node:string_decoder';
import { parse, type CsvError, type Parser } from 'csv-parse';
import type { RejectedLine } from './ImportBatch.ts';
import { detectDelimiter } from './detectDelimiter.ts';

export interface CsvRowChunk {
  rows: string[][];
  /** Line number of each row (the line it ends on, 1-based). */
  lines: number[];
  /** Lines csv-parse could not read (unclosed quote, text after a closing quote). */
  rejected: RejectedLine[];
  /** Bytes consumed so far (cumulative). */
  bytesRead: number;
  delimiter: string;
}

export interface ReadCsvOptions {
  /** Auto-detected from the first line when omitted. */
  delimiter?: string;
  /** Always use csv-parse (tests compare both paths). */
  forceCsvParse?: boolean;
}

/**
 * Longest record accepted. csv-parse stops reading at a record this long (usually an unclosed
 * quote swallowing the rest of the file), so it is generous, and the stop is reported.
 */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export async function* readCsvRows(
  input: AsyncIterable<Buffer | string>,
  options: ReadCsvOptions = {},
): AsyncGenerator<CsvRowChunk> {
  const decoder = new StringDecoder('utf8');
  let delimiter = options.delimiter;
  let bytes = 0;
  let started = false;
  let carry = '';
  let lineNo = 1;
  /** In the fast path: inside an over-long line, dropping text up to its newline. */
  let skipping = false;
  let parser: Parser | null = null;
  /** csv-parse gave up (record too long); the rest of the file is not read. */
  let stopped = false;
  let rows: string[][] = [];
  let lines: number[] = [];
  let rejected: RejectedLine[] = [];
  /** Physical lines consumed before csv-parse took over: its line numbers start after them. */
  let lineOffset = 0;

  const startParser = (delim: string): Parser => {
    const p = parse({
      delimiter: delim,
      // Both line endings everywhere, as the fast path reads them (files glued from parts mix them).
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_CHARS,
      on_record: (record: string[], info) => {
        rows.push(record);
        lines.push(info.lines + lineOffset);
        return null;
      },
      on_skip: (err: CsvError | undefined) => {
        const at = typeof err?.lines === 'number' ? err.lines : 0;
        if (err?.code === 'CSV_MAX_RECORD_SIZE') stopped = true;
        rejected.push({ line: at + lineOffset, reason: csvErrorReason(err) });
        return undefined;
      },
    });
    // Records are taken in on_record, so nothing flows out; resume() lets 'end' fire.
    p.resume();
    return p;
  };

  const take = (): CsvRowChunk => {
    const chunk = { rows, lines, rejected, bytesRead: bytes, delimiter: delimiter ?? ',' };
    rows = [];
    lines = [];
    rejected = [];
    return chunk;
  };

  for await (const chunk of input) {
    if (stopped) break;
    let text: string;
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk);
      text = chunk;
    } else {
      bytes += chunk.length;
      text = decoder.write(chunk);
    }
    if (!started) {
      if (text.length === 0) continue;
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (parser !== null) {
      await writeTo(parser, text);
      yield take();
      continue;
    }
    if (skipping) {
      const nl = text.indexOf('\n');
      if (nl === -1) continue;
      text = text.slice(nl + 1);
      skipping = false;
      lineNo++;
    }
    text = carry + text;
    carry = '';
    if (delimiter === undefined) {
      const nl = text.indexOf('\n');
      if (nl === -1 && text.length < MAX_RECORD_CHARS) {
        carry = text;
        continue;
      }
      delimiter = detectDelimiter(nl === -1 ? text : text.slice(0, nl));
    }
    const quote = options.forceCsvParse === true ? 0 : text.indexOf('"');
    if (quote !== -1) {
      const lineStart = text.lastIndexOf('\n', quote) + 1;
      splitLines(text.slice(0, lineStart));
      lineOffset = lineNo - 1;
      parser = startParser(delimiter);
      await writeTo(parser, text.slice(lineStart));
      yield take();
      continue;
    }
    const last = text.lastIndexOf('\n');
    if (last === -1) {
      carry = text;
    } else {
      splitLines(text.slice(0, last + 1));
      carry = text.slice(last + 1);
    }
    if (carry.length > MAX_RECORD_CHARS) {
      rejected.push({ line: lineNo, reason: TOO_LONG_REASON });
      carry = '';
      skipping = true;
    }
    yield take();
  }

  if (!stopped) {
    const rest = carry + decoder.end();
    if (parser === null && rest !== '' && !skipping) {
      delimiter ??= detectDelimiter(rest.split('\n', 1)[0] ?? '');
      if (rest.includes('"') || options.forceCsvParse === true) {
        lineOffset = lineNo - 1;
        parser = startParser(delimiter);
        await writeTo(parser, rest);
      } else {
        splitLines(rest);
      }
    } else if (parser !== null && rest !== '') {
      await writeTo(parser, rest);
    }
    if (parser !== null) await endParser(parser);
  }
  yield take();

  /** Quote-free text: one record per non-empty line, fields split on the delimiter. */
  function splitLines(block: string): void {
    if (block === '') return;
    const d = delimiter ?? ',';
    let start = 0;
    while (start < block.length) {
      let end = block.indexOf('\n', start);
      if (end === -1) end = block.length;
      let stop = end;
      if (stop > start && block.charCodeAt(stop - 1) === 13) stop--;
      if (stop > start) {
        rows.push(block.slice(start, stop).split(d));
        lines.push(lineNo);
      }
      lineNo++;
      start = end + 1;
    }
  }
}

export const TOO_LONG_REASON = 'record longer than 16 MB — is this a CSV file, with the right --delimiter?';
export const STOPPED_REASON =
  'record longer than 16 MB, probably an unclosed quote — reading stopped here; fix the quote and import again';

function csvErrorReason(err: CsvError | undefined): string {
  switch (err?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed — the file is cut short or a quote is missing';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text right after a closing quote — write "" for a quote inside a quoted field';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field — quote the whole field';
    case 'CSV_MAX_RECORD_SIZE':
      return STOPPED_REASON;
    default:
      return `unreadable CSV record (${err?.code ?? 'unknown error'})`;
  }
}

function writeTo(parser: Parser, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

function endParser(parser: Parser): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.once('end', resolve);
    parser.once('error', reject);
    parser.end();
  });
}
