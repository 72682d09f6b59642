/**
 * `midgoal migrate`: brings the event store (embedded or ClickHouse, every node) and the metadata
 * store (data folder or PostgreSQL) up to date with their numbered migrations, and says what it
 * applied. Servers do the same on start; this is for deployments that migrate before rolling out.
 */
import type { Command } from 'commander';
import { openMetaStore } from '../../meta/openMetaStore.ts';
import { findRunningServer } from '../../server/serverFile.ts';
import { describeStore, isEmbeddedStore, openStore } from '../../store/openStore.ts';
import { dataOption, resolveDataDir, storeOption } from '../options.ts';
import { metaOption } from './config.ts';

interface MigrateOptions {
  data: string;
  store?: string;
  meta?: string;
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the numbered schema migrations of the event store and the metadata store')
    .addOption(dataOption())
    .addOption(storeOption())
    .addOption(metaOption())
    .addHelpText(
      'after',
      '\nExamples:\n  midgoal migrate\n  MIDGOAL_STORE=clickhouse://ch1:8123,ch2:8123/midgoal?cluster=midgoal MIDGOAL_META=postgres://midgoal@db/midgoal midgoal migrate\n',
    )
    .action(async (opts: MigrateOptions) => {
      const dataDir = resolveDataDir(opts.data);
      const where = describeStore({ dataDir, storeUrl: opts.store });
      const server = isEmbeddedStore(opts.store) ? await findRunningServer(dataDir) : null;
      if (server) {
        // The running server opened (and so migrated) the embedded store; it owns the file.
        console.log(`events: ${where} is open in the running server (pid ${server.pid}), which migrated it at start.`);
      } else {
        const store = await openStore({ dataDir, storeUrl: opts.store });
        try {
          report('events', where, await store.migrate());
        } finally {
          await store.close();
        }
      }
      const meta = await openMetaStore({ url: opts.meta, dataDir });
      try {
        report('metadata', meta.describe, await meta.migrate());
      } finally {
        await meta.close();
      }
    });
}

function report(what: string, where: string, applied: string[]): void {
  if (applied.length === 0) console.log(`${what}: ${where} is up to date / 最新です`);
  else console.log(`${what}: ${where} — applied / 適用: ${applied.join(', ')}`);
}
