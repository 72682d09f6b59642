/**
 * Binds a CSV mapping to a file's columns once, so each row is read by index. A mapped column
 * the file does not have stops the import before anything is written, naming the nearest
 * column that does exist.
 */
import { closestName } from '../config/closestName.ts';
import type { CsvMapping, CsvTarget } from './csvMapping.ts';
import { CSV_TARGETS } from './csvMapping.ts';
import type { TsFormat } from './parseTimestamp.ts';
import { ImportError } from './ImportError.ts';

export interface CompiledCsvMapping {
  columnCount: number;
  /** Column index per event field, -1 when not mapped. */
  index: Record<CsvTarget, number>;
  props: ReadonlyArray<readonly [key: string, index: number]>;
  rename: ReadonlyMap<string, string>;
  eventName: string | null;
  nullValues: ReadonlySet<string>;
  tsFormat: TsFormat;
}

/** `header` is the file's header row, or null when the file has none (then `columns` names them). */
export function compileCsvMapping(mapping: CsvMapping, header: readonly string[] | null): CompiledCsvMapping {
  const columns = (header ?? mapping.columns ?? []).map((c) => c.trim());
  const position = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!position.has(c)) position.set(c, i);
  });
  const missing: string[] = [];
  const find = (target: string, column: string): number => {
    const i = position.get(column);
    if (i !== undefined) return i;
    const near = closestName(column, columns);
    missing.push(`${target}=${column}: no column "${column}"${near !== undefined ? ` — did you mean "${near}"?` : ''}`);
    return -1;
  };

  const index = Object.fromEntries(CSV_TARGETS.map((t) => [t, -1])) as Record<CsvTarget, number>;
  const props: Array<readonly [string, number]> = [];
  for (const [target, column] of Object.entries(mapping.map)) {
    if (target.startsWith('props.')) props.push([target.slice('props.'.length), find(target, column)] as const);
    else index[target as CsvTarget] = find(target, column);
  }
  if (missing.length > 0) {
    const source = header !== null ? 'the header line' : '--columns';
    throw new ImportError(
      `The mapping names columns that ${source} does not have. The columns are: ${columns.join(', ')}. Fix --map (or the mapping file); if the file has no header line, add --no-header --columns a,b,c.`,
      `マッピングに${header !== null ? 'ヘッダー行' : ' --columns '}にない列名があります。列は ${columns.join(', ')} です。--map（またはマッピングファイル）を直してください。ヘッダー行のないファイルには --no-header --columns a,b,c を付けてください。`,
      missing,
    );
  }
  return {
    columnCount: columns.length,
    index,
    props,
    rename: new Map(Object.entries(mapping.rename)),
    eventName: mapping.eventName ?? null,
    nullValues: new Set(mapping.nullValues),
    tsFormat: mapping.tsFormat,
  };
}
