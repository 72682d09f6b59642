/**
 * Opens a file and returns the importer for its format: the one entry point the CLI (and the
 * real-data tests) use. The file is streamed in 1 MB reads, never loaded whole.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { ImportBatch, ImportContext, ImportFormat } from './ImportBatch.ts';
import type { CsvMapping } from './csvMapping.ts';
import { importCsv } from './importCsv.ts';
import { importGa4 } from './importGa4.ts';
import { importNdjson } from './importNdjson.ts';
import { ImportError } from './ImportError.ts';

export interface ImportFileOptions extends Omit<ImportContext, 'fileName'> {
  file: string;
  format: ImportFormat;
  /** Required for csv. */
  mapping?: CsvMapping;
}

export const READ_CHUNK_BYTES = 1024 * 1024;

export function importFile(opts: ImportFileOptions): AsyncGenerator<ImportBatch> {
  const { file, format, mapping, ...rest } = opts;
  const ctx: ImportContext = { ...rest, fileName: path.basename(file) };
  const input = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  switch (format) {
    case 'ndjson':
      return importNdjson(input, ctx);
    case 'ga4':
      return importGa4(input, ctx);
    case 'csv':
      if (mapping === undefined) {
        input.destroy();
        throw new ImportError(
          'A CSV import needs a column mapping: --map name=<column>,visitor=<column>,ts=<column> or --mapping FILE.yaml.',
          'CSV の取り込みには列の対応づけが必要です: --map name=<列>,visitor=<列>,ts=<列> または --mapping FILE.yaml を指定してください。',
        );
      }
      return importCsv(input, { ...ctx, mapping });
  }
}
