/**
 * CSV importer: rows become events through a column mapping (csvMapping.ts). Rows with the wrong
 * number of columns, unreadable times or invalid names are rejected with their line number; the
 * rest are imported.
 */
import type { ImportBatch, ImportContext } from './ImportBatch.ts';
import { BatchBuilder } from './BatchBuilder.ts';
import { DEFAULT_BATCH_SIZE } from './ImportBatch.ts';
import type { CsvMapping } from './csvMapping.ts';
import { compileCsvMapping } from './compileCsvMapping.ts';
import { createCsvRowReader, type CsvRowReader } from './createCsvRowReader.ts';
import { readCsvRows } from './readCsvRows.ts';

export interface CsvImportContext extends ImportContext {
  mapping: CsvMapping;
  /** Always parse with csv-parse (tests compare it with the quote-free fast path). */
  forceCsvParse?: boolean;
}

export async function* importCsv(
  input: AsyncIterable<Buffer | string>,
  ctx: CsvImportContext,
): AsyncGenerator<ImportBatch> {
  const batches = new BatchBuilder(ctx.batchSize ?? DEFAULT_BATCH_SIZE);
  const { mapping } = ctx;
  let read: CsvRowReader | null = mapping.header ? null : createCsvRowReader(compileCsvMapping(mapping, null), ctx);

  const rows = readCsvRows(input, {
    ...(mapping.delimiter !== undefined ? { delimiter: mapping.delimiter } : {}),
    ...(ctx.forceCsvParse === true ? { forceCsvParse: true } : {}),
  });
  for await (const chunk of rows) {
    batches.bytesRead = chunk.bytesRead;
    for (const r of chunk.rejected) batches.reject(r.line, r.reason);
    const { rows: records, lines } = chunk;
    for (let i = 0; i < records.length; i++) {
      const row = records[i] as string[];
      const line = lines[i] as number;
      if (read === null) {
        read = createCsvRowReader(compileCsvMapping(mapping, row), ctx);
        continue;
      }
      const ev = read(row, line);
      if (typeof ev === 'string') {
        batches.reject(line, ev);
        continue;
      }
      const full = batches.accept(ev);
      if (full) yield full;
    }
    const rejects = batches.rejectsFull();
    if (rejects) yield rejects;
  }
  yield batches.take();
}
