/**
 * `midgoal migrate-store --to clickhouse://…`: moving up from one machine. Copies the embedded
 * store's events (every site, or those named) into ClickHouse with a progress bar, then checks
 * that ClickHouse holds as many events per site as the embedded store. Safe to run again after an
 * interruption: events already copied are recognised by id and not written twice.
 */
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { findRunningServer } from '../../server/serverFile.ts';
import { openClickHouseStore } from '../../store/clickhouse/openClickHouseStore.ts';
import { openDuckDbStore } from '../../store/duckdb/openDuckDbStore.ts';
import { readSiteEvents, siteEventCounts } from '../../store/duckdb/readSiteEvents.ts';
import { dataOption, resolveDataDir } from '../options.ts';
import { replayIngestLog } from '../openStoreDirect.ts';

interface MigrateStoreOptions {
  to: string;
  site?: string[];
  batch: string;
  data: string;
}

const EXAMPLES = `
Examples:
  midgoal migrate-store --to clickhouse://127.0.0.1:8123/midgoal
  midgoal migrate-store --to 'clickhouse://ch1:8123,ch2:8123/midgoal?cluster=midgoal' --site shop --site blog

Stop \`midgoal serve\` on the data folder first (it owns the embedded store). See docs/DEPLOY.md.
`;

export function registerMigrateStore(program: Command): void {
  program
    .command('migrate-store')
    .description('copy the embedded store into ClickHouse (progress bar, then per-site counts are checked)')
    .requiredOption('--to <url>', 'the ClickHouse store: clickhouse://host:8123/database[?cluster=NAME]')
    .option('--site <id...>', 'copy only these sites (default: every site in the store)')
    .addOption(new Option('--batch <events>', 'events per insert').default('20000'))
    .addOption(dataOption())
    .addHelpText('after', EXAMPLES)
    .action(async (opts: MigrateStoreOptions) => {
      const ok = await migrateStore(opts);
      if (!ok) process.exitCode = 1;
    });
}

async function migrateStore(opts: MigrateStoreOptions): Promise<boolean> {
  const dataDir = resolveDataDir(opts.data);
  const batch = Number(opts.batch);
  if (!Number.isSafeInteger(batch) || batch < 100 || batch > 1_000_000) throw new Error(`--batch "${opts.batch}" must be a whole number from 100 to 1,000,000.`);
  if (!opts.to.startsWith('clickhouse://')) throw new Error(`--to must be a clickhouse:// URL (got "${opts.to.replace(/:[^:@/]*@/, ':***@')}").`);
  const server = await findRunningServer(dataDir);
  if (server) {
    throw new Error(`A midgoal server (pid ${server.pid}, ${server.url}) owns ${dataDir}. Stop it first; after the copy, start the collectors with MIDGOAL_STORE set to the new store.`);
  }
  const source = await openDuckDbStore(dataDir);
  // Events a killed server had accepted but not yet written are copied too.
  await replayIngestLog(dataDir, source).catch(async (err: unknown) => {
    await source.close();
    throw err;
  });
  const target = openClickHouseStore(opts.to, { dataDir: null });
  try {
    const all = await siteEventCounts(source);
    const wanted = opts.site ?? all.map((s) => s.site);
    const unknown = wanted.filter((site) => !all.some((s) => s.site === site));
    if (unknown.length > 0) {
      throw new Error(`No events for site ${unknown.map((s) => `"${s}"`).join(', ')} in ${dataDir}. Sites there: ${all.map((s) => s.site).join(', ') || 'none'}.`);
    }
    const sites = all.filter((s) => wanted.includes(s.site));
    const total = sites.reduce((sum, s) => sum + s.events, 0);
    await target.migrate();
    console.log(`Copying ${total.toLocaleString('en-US')} events of ${sites.length} site(s) from ${dataDir} to ${target.describe} / コピーします`);
    const progress = createProgress(total);
    let copied = 0;
    const started = performance.now();
    for (const { site } of sites) {
      for await (const events of readSiteEvents(source, site, batch)) {
        await target.append(events, null);
        copied += events.length;
        progress.update(copied, site, started);
      }
    }
    progress.stop();
    let ok = true;
    console.log('\nsite  embedded  clickhouse  check');
    for (const { site, events } of sites) {
      const there = await target.countEvents(site);
      const same = there === events;
      ok &&= same;
      console.log(`${site}  ${events.toLocaleString('en-US')}  ${there.toLocaleString('en-US')}  ${same ? 'ok' : 'MISMATCH'}`);
    }
    console.log(
      ok
        ? `\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s: ClickHouse holds every event. Next: start the collectors with MIDGOAL_STORE=${target.describe} / 完了しました`
        : '\nClickHouse holds a different number of events for some site (events written there before the copy?). Check the sites marked MISMATCH. / 件数が一致しないサイトがあります',
    );
    return ok;
  } finally {
    await target.close();
    await source.close();
  }
}

/** A bar on a terminal, else a line every 5 s (CI logs). */
function createProgress(total: number): { update(copied: number, site: string, started: number): void; stop(): void } {
  const rate = (copied: number, started: number): string =>
    Math.round(copied / Math.max(0.001, (performance.now() - started) / 1000)).toLocaleString('en-US');
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(copied, site, started) {
        if (performance.now() - last < 5_000 && copied < total) return;
        last = performance.now();
        process.stderr.write(`  ${copied.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events (${site}, ${rate(copied, started)} events/s)\n`);
      },
      stop() {},
    };
  }
  const bar = new SingleBar({ stream: process.stderr, format: ' {bar} {percentage}% | {value}/{total} events | {site} | {eps} events/s', hideCursor: true });
  bar.start(Math.max(1, total), 0, { site: '', eps: '0' });
  return {
    update(copied, site, started) {
      bar.update(copied, { site, eps: rate(copied, started) });
    },
    stop() {
      bar.stop();
    },
  };
}
