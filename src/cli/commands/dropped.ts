/**
 * `midgoal dropped --site S --funnel F --step ID`: who reached a step and never reached the next one
 * (same funnel, range and counting as `midgoal funnel`). A table of the latest by default, every
 * one with --csv (for a spreadsheet or an ad-platform audience), or JSON with --json.
 */
import { Option, type Command } from 'commander';
import { droppedReportJson, runDropped } from '../../analysis/runDropped.ts';
import { formatDroppedCsv } from '../../analysis/formatDroppedCsv.ts';
import { droppedReportSchema, type DroppedReport } from '../../analysis/funnelExtrasReport.ts';
import { findRunningServer } from '../../server/serverFile.ts';
import { openStoreDirect } from '../openStoreDirect.ts';
import { loadCommandConfig } from '../loadCommandConfig.ts';
import { metaOption } from './config.ts';
import type { Lang } from '../formatFunnelTable.ts';
import { formatDroppedTable } from '../formatDroppedTable.ts';
import { configOption, dataOption, storeOption, resolveDataDir } from '../options.ts';
import { fetchFromServer, inLanguage, readWhole } from './funnel.ts';

interface DroppedOptions {
  site: string;
  funnel: string;
  step: string;
  from?: string;
  to?: string;
  limit?: number;
  csv?: boolean;
  json?: boolean;
  lang: Lang;
  data: string;
  store?: string;
  meta?: string;
  config?: string;
}

/** Rows a terminal table shows unless --limit says otherwise. */
const TABLE_LIMIT = 50;
/** As the API: JSON lists stop here unless --limit says otherwise; CSV is whole. */
const JSON_LIMIT = 1000;

export function registerDropped(program: Command): void {
  program
    .command('dropped')
    .description('list the visitors (or sessions) who reached a funnel step and did not reach the next one')
    .requiredOption('--site <id>', 'site id from midgoal.yaml')
    .requiredOption('--funnel <id>', 'funnel id')
    .requiredOption('--step <id>', 'the step they reached last (any step but the last)')
    .option('--from <date>', 'first day, YYYY-MM-DD in the site time zone')
    .option('--to <date>', 'last day (inclusive), YYYY-MM-DD')
    .option('--limit <n>', `at most this many, latest first (default: ${TABLE_LIMIT} in the table, ${JSON_LIMIT} with --json, all with --csv)`, readWhole(1, 1_000_000, '--limit'))
    .addOption(new Option('--csv', 'print CSV (RFC 4180, header line) instead of a table').conflicts('json'))
    .option('--json', 'print JSON (same shape as the API)')
    .addOption(new Option('--lang <lang>', 'table text in English or Japanese').choices(['en', 'ja']).default('en'))
    .addOption(dataOption())
    .addOption(storeOption())
    .addOption(metaOption())
    .addOption(configOption())
    .addHelpText(
      'after',
      '\nExamples:\n  midgoal dropped --site demo --funnel purchase --step add_to_cart\n  midgoal dropped --site demo --funnel purchase --step add_to_cart --from 2026-11-01 --to 2026-11-30 --csv > cart-abandoners.csv\n',
    )
    .action(async (opts: DroppedOptions) => {
      const format = opts.csv ? 'csv' : 'json';
      const limit = opts.limit ?? (opts.csv ? undefined : opts.json ? JSON_LIMIT : TABLE_LIMIT);
      const out = await loadDropped(opts, format, limit);
      if (typeof out === 'string') process.stdout.write(out);
      else console.log(opts.json ? JSON.stringify(out, null, 2) : formatDroppedTable(out, opts.lang));
    });
}

async function loadDropped(opts: DroppedOptions, format: 'csv' | 'json', limit: number | undefined): Promise<string | DroppedReport> {
  const dataDir = resolveDataDir(opts.data);
  const range = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) };
  const server = await findRunningServer(dataDir);
  if (server) {
    const qs = new URLSearchParams({ step: opts.step, format, ...range, ...(limit !== undefined ? { limit: String(limit) } : {}) });
    const path = `/api/sites/${encodeURIComponent(opts.site)}/funnels/${encodeURIComponent(opts.funnel)}/dropped?${qs}`;
    const res = await fetchFromServer(server.url, path, opts.lang);
    return format === 'csv' ? res.text() : droppedReportSchema.parse(await res.json());
  }
  const loaded = await loadCommandConfig({ config: opts.config, meta: opts.meta, dataDir });
  const store = await openStoreDirect(dataDir, opts.store);
  try {
    const result = await inLanguage(opts.lang, () => runDropped(store, loaded, opts.site, opts.funnel, opts.step, range, limit));
    return format === 'csv'
      ? formatDroppedCsv(result.dropped.units, result.reachedStepIds, result.report.unit)
      : droppedReportJson(result);
  } finally {
    await store.close();
  }
}
