import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.ts';
import { runFunnel } from '../../analysis/runFunnel.ts';
import type { FunnelReport } from '../../analysis/funnelReport.ts';
import { findRunningServer } from '../../server/serverFile.ts';
import { openStoreDirect } from '../openStoreDirect.ts';
import { formatFunnelTable, type Lang } from '../formatFunnelTable.ts';
import { configOption, dataOption, resolveDataDir } from '../options.ts';

interface FunnelOptions {
  site: string;
  funnel: string;
  from?: string;
  to?: string;
  json?: boolean;
  lang: Lang;
  data: string;
  config?: string;
}

export function registerFunnel(program: Command): void {
  program
    .command('funnel')
    .description('print a funnel report: count, step rate, overall rate and drop-off per step')
    .requiredOption('--site <id>', 'site id from midgoal.yaml')
    .requiredOption('--funnel <id>', 'funnel id (the built-in one is "purchase")')
    .option('--from <date>', 'first day, YYYY-MM-DD in the site time zone')
    .option('--to <date>', 'last day (inclusive), YYYY-MM-DD')
    .option('--json', 'print the report as JSON (same shape as the API)')
    .addOption(new Option('--lang <lang>', 'labels in English or Japanese').choices(['en', 'ja']).default('en'))
    .addOption(dataOption())
    .addOption(configOption())
    .addHelpText('after', '\nExamples:\n  midgoal funnel --site demo --funnel purchase\n  midgoal funnel --site demo --funnel purchase --from 2026-11-01 --to 2026-11-30 --json\n')
    .action(async (opts: FunnelOptions) => {
      const report = await loadReport(opts);
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatFunnelTable(report, opts.lang));
    });
}

async function loadReport(opts: FunnelOptions): Promise<FunnelReport> {
  const dataDir = resolveDataDir(opts.data);
  const range = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) };
  const server = await findRunningServer(dataDir);
  if (server) {
    const qs = new URLSearchParams(range).toString();
    const url = `${server.url}/api/sites/${encodeURIComponent(opts.site)}/funnels/${encodeURIComponent(opts.funnel)}${qs ? `?${qs}` : ''}`;
    const res = await fetch(url);
    const body = (await res.json()) as FunnelReport | { error: { message: string } };
    if ('error' in body) throw new Error(body.error.message);
    return body;
  }
  const loaded = await loadConfig(opts.config);
  const store = await openStoreDirect(dataDir);
  try {
    return await runFunnel(store, loaded, opts.site, opts.funnel, range);
  } finally {
    await store.close();
  }
}
