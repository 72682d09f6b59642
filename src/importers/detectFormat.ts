/**
 * The import format from the file name, when `--format` is not given: `.csv` `.tsv` `.txt` are
 * CSV; `.ndjson` `.jsonl` `.json` are JSON lines, and the first line tells a GA4 BigQuery export
 * row (it has event_name and event_timestamp) from a midgoal event.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { ImportFormat } from './ImportBatch.ts';
import { ImportError } from './ImportError.ts';

const CSV_EXT = new Set(['.csv', '.tsv', '.txt']);
const JSON_EXT = new Set(['.ndjson', '.jsonl', '.json']);

export async function detectFormat(file: string): Promise<ImportFormat> {
  const ext = path.extname(file).toLowerCase();
  if (CSV_EXT.has(ext)) return 'csv';
  if (JSON_EXT.has(ext)) return looksLikeGa4(await firstLine(file)) ? 'ga4' : 'ndjson';
  throw new ImportError(
    `Cannot tell the format of ${path.basename(file)} from its extension "${ext || '(none)'}"; add --format ndjson, --format csv or --format ga4.`,
    `拡張子「${ext || '（なし）'}」からは ${path.basename(file)} の形式が分かりません。--format ndjson / csv / ga4 のいずれかを付けてください。`,
  );
}

/** A GA4 export row names its event `event_name` and its time `event_timestamp`. */
export function looksLikeGa4(line: string): boolean {
  try {
    const row: unknown = JSON.parse(line);
    return typeof row === 'object' && row !== null && 'event_name' in row && 'event_timestamp' in row;
  } catch {
    return false;
  }
}

/** The first non-empty line, reading at most 1 MB. */
async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    return text.split('\n').find((l) => l.trim() !== '') ?? '';
  } finally {
    await handle.close();
  }
}
