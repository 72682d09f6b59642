/**
 * `midgoal import FILE --site S`: loads history from NDJSON, CSV (with a column mapping) or a GA4
 * BigQuery export into the store — through the running server when one owns the data folder.
 * docs/IMPORT.md documents every flag and the exact command for each sample data set.
 */
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { closestName } from '../../config/closestName.ts';
import { readReferrerHost } from '../../collect/readEventUrl.ts';
import type { Site } from '../../schema/config.ts';
import { openWriteTarget } from '../openWriteTarget.ts';
import { loadCommandConfig } from '../loadCommandConfig.ts';
import { metaOption } from './config.ts';
import { configOption, dataOption, storeOption, resolveDataDir } from '../options.ts';
import { IMPORT_FORMATS, type ImportFormat } from '../../importers/ImportBatch.ts';
import { ImportError } from '../../importers/ImportError.ts';
import { CSV_TARGETS, parsePairs, type CsvMapping, type CsvMappingInput } from '../../importers/csvMapping.ts';
import { resolveCsvMapping } from '../../importers/resolveCsvMapping.ts';
import { detectFormat } from '../../importers/detectFormat.ts';
import { importFile } from '../../importers/importFile.ts';
import { runImport, type ImportSummary } from '../../importers/runImport.ts';
import type { ImportSink } from '../../importers/ImportSink.ts';
import { createImportProgress, type ImportProgressView } from '../../importers/createImportProgress.ts';
import { formatImportSummary, type Lang } from '../../importers/formatImportSummary.ts';
import { TS_FORMATS, type TsFormat } from '../../importers/parseTimestamp.ts';

interface ImportOptions {
  site: string;
  format?: ImportFormat;
  mapping?: string;
  map?: Record<string, string>;
  rename?: Record<string, string>;
  delimiter?: string;
  header: boolean;
  columns?: string[];
  eventName?: string;
  null?: string[];
  tsFormat?: TsFormat;
  replace?: boolean;
  lang: Lang;
  data: string;
  store?: string;
  meta?: string;
  config?: string;
}

const EXAMPLES = `
Examples:
  midgoal import events.ndjson --site shop
  midgoal import events_20240501.json --site shop --format ga4
  midgoal import user_behavior_sample.csv --site rees46 --mapping docs/mappings/rees46.yaml
  midgoal import UserBehavior.csv --site taobao --no-header \\
      --columns user_id,item_id,category_id,behavior_type,timestamp \\
      --map name=behavior_type,visitor=user_id,ts=timestamp,props.item_id=item_id \\
      --rename pv=view_item,cart=add_to_cart,buy=purchase,fav=add_to_wishlist

Formats, every flag, mapping files and the sample data sets: docs/IMPORT.md
形式・各オプション・マッピングファイルの説明（日本語あり）: docs/IMPORT.md
`;

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import events from NDJSON, CSV (with a column mapping) or a GA4 BigQuery export / イベントの取り込み')
    .argument('<file>', 'file to import (.ndjson/.jsonl/.json, .csv/.tsv/.txt)')
    .requiredOption('--site <id>', 'site id from midgoal.yaml the events belong to')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(IMPORT_FORMATS))
    .option('--mapping <file.yaml>', 'CSV: mapping file with the keys below (examples in docs/mappings/)')
    .option(
      '--map <target=column,...>',
      `CSV: event field = column (fields: ${CSV_TARGETS.join(' ')} props.<key>), e.g. name=event_type,visitor=user_id,ts=event_time`,
      collectPairs('--map'),
    )
    .option('--rename <value=event,...>', 'CSV: event-name values to rename, e.g. view=view_item,cart=add_to_cart', collectPairs('--rename'))
    .option('--delimiter <char>', 'CSV: field delimiter: , ; | or tab (default: detected from the first line)')
    .option('--no-header', 'CSV: the first line is data, not column names (then give --columns)')
    .option('--columns <a,b,c>', 'CSV: column names in order, for files without a header line', splitList)
    .option('--event-name <name>', 'CSV: one event name for every row (files without an event-type column)')
    .option('--null <values>', 'CSV: cell values that mean empty, e.g. NA,NULL', splitList)
    .addOption(new Option('--ts-format <format>', 'CSV: how times are written (default auto)').choices(TS_FORMATS))
    .option('--replace', "delete the site's stored events first (re-running an import into an import-only site)")
    .addOption(new Option('--lang <lang>', 'summary in English or Japanese').choices(['en', 'ja']).default('en'))
    .addOption(dataOption())
    .addOption(storeOption())
    .addOption(metaOption())
    .addOption(configOption())
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, opts: ImportOptions, command: Command) => {
      const summary = await runImportCommand(file, opts, command.getOptionValueSource('header') === 'cli');
      if (summary.stored === 0) {
        throw new ImportError(
          summary.read === 0
            ? `${file} holds no events (an empty file, or only a header line); nothing was stored.`
            : `Nothing was stored: all ${summary.read} lines were rejected (reasons above). Fix the file or the mapping and run the import again.`,
          summary.read === 0
            ? `${file} にイベントがありません（空のファイル、またはヘッダー行だけ）。何も保存していません。`
            : `1 件も保存されませんでした。${summary.read} 行すべてを除外しました（理由は上記）。ファイルかマッピングを直してもう一度実行してください。`,
        );
      }
    });
}

async function runImportCommand(file: string, opts: ImportOptions, headerFlagGiven: boolean): Promise<ImportSummary> {
  const size = await checkReadable(file);
  const format = opts.format ?? (await detectFormat(file));
  const mapping = await csvMappingFor(format, opts, headerFlagGiven);
  const site = await findSite(opts.site, opts.config, opts.meta, resolveDataDir(opts.data));

  const target = await openWriteTarget({ dataDir: resolveDataDir(opts.data), storeUrl: opts.store });
  let progress: ImportProgressView | null = null;
  let summary: ImportSummary;
  try {
    progress = createImportProgress({ totalBytes: size, lang: opts.lang });
    const view = progress;
    const batches = importFile({
      file,
      format,
      site: site.id,
      ownHosts: ownHostsOf(site),
      ...(mapping !== undefined ? { mapping } : {}),
      ...(target.batchSize !== undefined ? { batchSize: target.batchSize } : {}),
    });
    // --replace deletes only once the file has produced events to store: an unreadable file, a
    // wrong mapping or a file of rejected lines leaves what is stored untouched.
    // Pieces are handed over one after the other: the first waits for the one deletion.
    let replacing: Promise<void> | null = null;
    const replace = async (): Promise<void> => {
      const existing = await target.countEvents(site.id);
      await target.deleteSiteEvents(site.id);
      process.stderr.write(
        opts.lang === 'ja'
          ? `--replace: サイト ${site.id} の既存イベント ${existing.toLocaleString('en-US')} 件を削除しました\n`
          : `--replace: deleted ${existing.toLocaleString('en-US')} stored events of site ${site.id}\n`,
      );
    };
    const sink = target.openSink();
    const replacingSink: ImportSink = {
      add: async (events) => {
        if (opts.replace === true && events.length > 0) {
          replacing ??= replace();
          await replacing;
        }
        await sink.add(events);
      },
      finish: () => sink.finish(),
      abort: () => sink.abort(),
      get stored() {
        return sink.stored;
      },
    };
    summary = await runImport(batches, replacingSink, (p) => view.update(p));
  } finally {
    progress?.stop();
    await target.close();
  }
  console.log(formatImportSummary(summary, { file: path.basename(file), target: target.describe }, opts.lang));
  return summary;
}

/** The file's size, or an error saying why it cannot be read and what to do. */
async function checkReadable(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) {
      throw new ImportError(
        `${file} is a folder; give the file to import (e.g. ${path.join(file, 'events.ndjson')}).`,
        `${file} はフォルダーです。取り込むファイルを指定してください。`,
      );
    }
    await access(file, constants.R_OK);
    return info.size;
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ImportError(
        `Cannot read ${file}: there is no such file. Check the path (relative paths start at ${process.cwd()}).`,
        `${file} を読めません: ファイルがありません。パスを確認してください（相対パスは ${process.cwd()} から）。`,
      );
    }
    throw new ImportError(
      `Cannot read ${file} (${code ?? String(err)}); check that the file exists and that you may read it.`,
      `${file} を読めません（${code ?? String(err)}）。ファイルがあり、読み取り権限があるか確認してください。`,
    );
  }
}

async function csvMappingFor(format: ImportFormat, opts: ImportOptions, headerFlagGiven: boolean): Promise<CsvMapping | undefined> {
  const flags: Partial<CsvMappingInput> = {
    ...(opts.map !== undefined ? { map: opts.map } : {}),
    ...(opts.rename !== undefined ? { rename: opts.rename } : {}),
    ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
    ...(headerFlagGiven ? { header: opts.header } : {}),
    ...(opts.columns !== undefined ? { columns: opts.columns } : {}),
    ...(opts.eventName !== undefined ? { eventName: opts.eventName } : {}),
    ...(opts.null !== undefined ? { nullValues: opts.null } : {}),
    ...(opts.tsFormat !== undefined ? { tsFormat: opts.tsFormat } : {}),
  };
  if (format !== 'csv') {
    if (Object.keys(flags).length > 0 || opts.mapping !== undefined) {
      throw new ImportError(
        `--mapping, --map, --rename and the other CSV flags apply to CSV files only, but this import is ${format}. Drop them, or add --format csv if the file is CSV.`,
        `--mapping や --map などは CSV 専用ですが、この取り込みは ${format} 形式です。外すか、CSV なら --format csv を付けてください。`,
      );
    }
    return undefined;
  }
  if (opts.mapping === undefined && opts.map === undefined) {
    throw new ImportError(
      'A CSV import needs a column mapping: --map name=<column>,visitor=<column>,ts=<column> or --mapping FILE.yaml (see docs/IMPORT.md).',
      'CSV の取り込みには列の対応づけが必要です: --map name=<列>,visitor=<列>,ts=<列> または --mapping FILE.yaml（docs/IMPORT.md 参照）。',
    );
  }
  return resolveCsvMapping({ ...(opts.mapping !== undefined ? { mappingFile: opts.mapping } : {}), flags });
}

async function findSite(id: string, configPath: string | undefined, meta: string | undefined, dataDir: string): Promise<Site> {
  const loaded = await loadCommandConfig({ config: configPath, meta, dataDir });
  const site = loaded.sites.get(id);
  if (site !== undefined) return site;
  const known = [...loaded.sites.keys()];
  const near = closestName(id, known);
  const source = loaded.path ?? 'the built-in defaults (no midgoal.yaml found)';
  throw new ImportError(
    `Site "${id}" is not defined in ${source}.${near !== undefined ? ` Did you mean "${near}"?` : ''} Known sites: ${known.join(', ') || '(none)'}. Add it under sites: in midgoal.yaml (docs/CONFIG.md), or pass --config FILE.`,
    `サイト「${id}」は ${loaded.path ?? '組み込みの既定設定（midgoal.yaml が見つかりません）'} にありません。${near !== undefined ? `「${near}」のことですか？ ` : ''}midgoal.yaml の sites: に追加するか（docs/CONFIG.md）、--config FILE で設定ファイルを指定してください。`,
  );
}

/** The site's own hosts from `origins`, so internal referrers are not counted as referrals. */
function ownHostsOf(site: Site): string[] {
  return site.origins.flatMap((origin) => {
    const host = readReferrerHost(origin);
    return host === null ? [] : [host];
  });
}

function collectPairs(flag: string): (value: string, previous: Record<string, string> | undefined) => Record<string, string> {
  return (value, previous) => {
    try {
      return { ...previous, ...parsePairs(value, flag) };
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
