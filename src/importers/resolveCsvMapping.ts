/**
 * The CSV mapping an import uses: a `--mapping FILE.yaml` (optional) with the command-line flags
 * laid over it, validated as a whole. Problems name the file position or the flag to fix.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { yamlLocator, type Locator } from '../config/yamlLocator.ts';
import { csvMappingSchema, mergeCsvMapping, type CsvMapping, type CsvMappingInput } from './csvMapping.ts';
import { ImportError } from './ImportError.ts';

/** Which flag sets which mapping key, for error messages. */
const FLAG_OF: Record<string, string> = {
  delimiter: '--delimiter',
  header: '--no-header',
  columns: '--columns',
  map: '--map',
  rename: '--rename',
  eventName: '--event-name',
  nullValues: '--null',
  tsFormat: '--ts-format',
};

export async function resolveCsvMapping(opts: {
  mappingFile?: string;
  flags: Partial<CsvMappingInput>;
}): Promise<CsvMapping> {
  let base: Partial<CsvMappingInput> = {};
  let locate: Locator | null = null;
  if (opts.mappingFile !== undefined) {
    const loaded = await readMappingFile(opts.mappingFile);
    base = loaded.raw;
    locate = loaded.locate;
  }
  const merged = mergeCsvMapping(base, opts.flags);
  const result = csvMappingSchema.safeParse(merged);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => describeIssue(issue, opts, locate));
  throw new ImportError(
    `The CSV mapping has ${lines.length} problem${lines.length === 1 ? '' : 's'}; fix ${lines.length === 1 ? 'it' : 'them'} (docs/IMPORT.md explains each key):`,
    `CSV のマッピングに ${lines.length} 件の問題があります。修正してください（各項目は docs/IMPORT.md を参照）:`,
    lines,
  );
}

function describeIssue(
  issue: z.core.$ZodIssue,
  opts: { mappingFile?: string; flags: Partial<CsvMappingInput> },
  locate: Locator | null,
): string {
  const key = String(issue.path[0] ?? '');
  const field = issue.path.map(String).join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}; the keys are ${Object.keys(FLAG_OF).join(', ')}, format`;
  } else if (issue.code === 'invalid_key') {
    // A record key failed its own schema: zod nests the useful message one level down.
    message = issue.issues[0]?.message ?? message;
  }
  const fromFlag = key !== '' && (opts.flags as Record<string, unknown>)[key] !== undefined;
  if (!fromFlag && opts.mappingFile !== undefined && locate !== null) {
    const pos = locate(issue.path);
    const where = pos === null ? opts.mappingFile : `${opts.mappingFile}:${pos.line}:${pos.col}`;
    return `${where} ${field || '(file)'}: ${message}`;
  }
  const flag = FLAG_OF[key];
  return `${flag !== undefined ? `${flag} ` : ''}${field ? `(${field}) ` : ''}${message}`;
}

async function readMappingFile(file: string): Promise<{ raw: Partial<CsvMappingInput>; locate: Locator }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportError(
      `Cannot read the mapping file ${file} (${code ?? String(err)}); check the path given to --mapping (examples in docs/mappings/).`,
      `マッピングファイル ${file} を読めません（${code ?? String(err)}）。--mapping のパスを確認してください（例は docs/mappings/ にあります）。`,
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new ImportError(
      `${file}:${pos.line}:${pos.col} is not valid YAML (${first.code}); fix the syntax and run the import again.`,
      `${file}:${pos.line}:${pos.col} は YAML として読めません（${first.code}）。書式を直してからもう一度実行してください。`,
    );
  }
  const raw: unknown = doc.toJS();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ImportError(
      `${file} must be a YAML mapping with keys such as map:, rename:, header: (see docs/mappings/rees46.yaml).`,
      `${file} は map: や rename: などのキーを持つ YAML にしてください（例: docs/mappings/rees46.yaml）。`,
    );
  }
  return { raw: raw as Partial<CsvMappingInput>, locate: yamlLocator(doc, lineCounter) };
}
