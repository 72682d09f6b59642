import { InvalidArgumentError, Option, type Command } from 'commander';
import { z } from 'zod';
import { runFunnel, type FunnelReportOptions } from '../../analysis/runFunnel.ts';
import { extendedFunnelReportSchema, type ExtendedFunnelReport, type TrendInterval } from '../../analysis/funnelExtrasReport.ts';
import { BadRequestError, NotFoundError } from '../../analysis/errors.ts';
import { BREAKDOWN_NAMES, parseBreakdown, type BreakdownChoice } from '../../analysis/parseBreakdown.ts';
import { findRunningServer } from '../../server/serverFile.ts';
import { openStoreDirect } from '../openStoreDirect.ts';
import { loadCommandConfig } from '../loadCommandConfig.ts';
import { metaOption } from './config.ts';
import { formatFunnelTable, type Lang } from '../formatFunnelTable.ts';
import { formatBreakdownTable } from '../formatBreakdownTable.ts';
import { formatTrendTable } from '../formatTrendTable.ts';
import { formatComparisonTable } from '../formatComparisonTable.ts';
import { formatTimeToConvertTable } from '../formatTimeToConvertTable.ts';
import { configOption, dataOption, storeOption, resolveDataDir } from '../options.ts';

interface FunnelOptions {
  site: string;
  funnel: string;
  from?: string;
  to?: string;
  breakdown?: BreakdownChoice;
  breakdownLimit?: number;
  interval?: TrendInterval;
  compare?: boolean;
  timeToConvert?: boolean;
  json?: boolean;
  lang: Lang;
  data: string;
  store?: string;
  meta?: string;
  config?: string;
}

const EXAMPLES = `
Examples:
  midgoal funnel --site demo --funnel purchase
  midgoal funnel --site demo --funnel purchase --from 2026-11-01 --to 2026-11-30 --json
  midgoal funnel --site demo --funnel purchase --breakdown channel
  midgoal funnel --site demo --funnel purchase --breakdown prop:plan --breakdown-limit 5
  midgoal funnel --site demo --funnel purchase --from 2026-11-01 --to 2026-11-28 --interval week --compare
  midgoal funnel --site demo --funnel purchase --time-to-convert --lang ja
`;

export function registerFunnel(program: Command): void {
  program
    .command('funnel')
    .description('print a funnel report: count, step rate, overall rate and drop-off per step; optionally by segment, over time, against the previous period, and time to convert')
    .requiredOption('--site <id>', 'site id from midgoal.yaml')
    .requiredOption('--funnel <id>', 'funnel id (the built-in one is "purchase")')
    .option('--from <date>', 'first day, YYYY-MM-DD in the site time zone')
    .option('--to <date>', 'last day (inclusive), YYYY-MM-DD')
    .option('--breakdown <dimension>', `split by the value at the first step: ${BREAKDOWN_NAMES.join(', ')}`, readBreakdown)
    .option('--breakdown-limit <n>', 'rows kept in the breakdown, the rest merged (default 20)', readWhole(1, 500, '--breakdown-limit'))
    .addOption(new Option('--interval <interval>', 'add a trend: step rates per day, ISO week or month (site time zone)').choices(['day', 'week', 'month']))
    .option('--compare', 'compare each step with the previous period of the same length (needs --from and --to)')
    .option('--time-to-convert', 'add median, 90th percentile and histogram of the time to reach each step')
    .option('--json', 'print the report as JSON (same shape as the API)')
    .addOption(new Option('--lang <lang>', 'labels in English or Japanese').choices(['en', 'ja']).default('en'))
    .addOption(dataOption())
    .addOption(storeOption())
    .addOption(metaOption())
    .addOption(configOption())
    .addHelpText('after', EXAMPLES)
    .action(async (opts: FunnelOptions) => {
      const report = await loadReport(opts);
      if (opts.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      const sections = [formatFunnelTable(report, opts.lang)];
      if (report.breakdown) sections.push(formatBreakdownTable(report.breakdown, report, opts.lang));
      if (report.trend) sections.push(formatTrendTable(report.trend, report, opts.lang));
      if (report.comparison) sections.push(formatComparisonTable(report.comparison, report, opts.lang));
      if (report.timeToConvert) sections.push(formatTimeToConvertTable(report.timeToConvert, report, opts.lang));
      console.log(sections.join('\n\n'));
    });
}

async function loadReport(opts: FunnelOptions): Promise<ExtendedFunnelReport> {
  const dataDir = resolveDataDir(opts.data);
  const range = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) };
  const options: FunnelReportOptions = {
    ...(opts.breakdown ? { breakdown: opts.breakdown } : {}),
    ...(opts.breakdownLimit !== undefined ? { breakdownLimit: opts.breakdownLimit } : {}),
    ...(opts.interval ? { interval: opts.interval } : {}),
    ...(opts.compare ? { compare: 'previous' as const } : {}),
    ...(opts.timeToConvert ? { timeToConvert: true } : {}),
  };
  const server = await findRunningServer(dataDir);
  if (server) {
    const qs = new URLSearchParams({
      ...range,
      ...(opts.breakdown ? { breakdown: opts.breakdown.name } : {}),
      ...(opts.breakdownLimit !== undefined ? { breakdownLimit: String(opts.breakdownLimit) } : {}),
      ...(opts.interval ? { interval: opts.interval } : {}),
      ...(opts.compare ? { compare: 'previous' } : {}),
      ...(opts.timeToConvert ? { timeToConvert: 'true' } : {}),
    }).toString();
    const path = `/api/sites/${encodeURIComponent(opts.site)}/funnels/${encodeURIComponent(opts.funnel)}${qs ? `?${qs}` : ''}`;
    const res = await fetchFromServer(server.url, path, opts.lang);
    return extendedFunnelReportSchema.parse(await res.json());
  }
  const loaded = await loadCommandConfig({ config: opts.config, meta: opts.meta, dataDir });
  const store = await openStoreDirect(dataDir, opts.store);
  try {
    return await inLanguage(opts.lang, () => runFunnel(store, loaded, opts.site, opts.funnel, range, options));
  } finally {
    await store.close();
  }
}

/** Runs `work`; a user-facing analysis error comes out in Japanese with --lang ja, as the server's would. */
export async function inLanguage<T>(lang: Lang, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (lang === 'ja' && (err instanceof NotFoundError || err instanceof BadRequestError)) throw new Error(err.messageJa);
    throw err;
  }
}

function readBreakdown(value: string): BreakdownChoice {
  const parsed = parseBreakdown(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error.replace(/^breakdown: /, ''));
  return parsed;
}

/** A commander parser for a whole number in [min, max], naming the flag when it is not one. */
export function readWhole(min: number, max: number, flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}; got "${value}".`);
    }
    return n;
  };
}

const apiErrorSchema = z.object({ error: z.object({ message: z.string(), message_ja: z.string().optional() }) });

/**
 * GET a path from the running server; an API error becomes an Error carrying the server's message
 * (Japanese with --lang ja), which main.ts prints as it is. Shared with `midgoal dropped`.
 */
export async function fetchFromServer(baseUrl: string, path: string, lang: Lang): Promise<Response> {
  const res = await fetch(`${baseUrl}${path}`);
  if (res.ok) return res;
  const body = apiErrorSchema.safeParse(await res.json().catch(() => undefined));
  if (!body.success) throw new Error(`the server answered ${res.status} ${res.statusText} for ${path}`);
  throw new Error((lang === 'ja' ? body.data.error.message_ja : undefined) ?? body.data.error.message);
}
