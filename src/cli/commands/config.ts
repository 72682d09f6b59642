/**
 * `midgoal config push|show|collectors`: the configuration every server of a deployment shares,
 * kept in the metadata store (MIDGOAL_META: PostgreSQL, or files in the data folder), and the state
 * each server last reported. See docs/META.md.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { configFromYaml } from '../../config/configFromYaml.ts';
import { openMetaStore } from '../../meta/openMetaStore.ts';
import type { CollectorStatus, MetaStore } from '../../meta/MetaStore.ts';
import { MetaStoreError } from '../../meta/MetaStoreError.ts';
import { formatColumns } from '../formatColumns.ts';
import { formatDuration } from '../formatDuration.ts';
import { dataOption, resolveDataDir } from '../options.ts';
import { readWhole } from './funnel.ts';

interface MetaOptions {
  meta?: string;
  data: string;
}

/** `--meta <url>` (env MIDGOAL_META); the same option serve and migrate take. */
export function metaOption(): Option {
  return new Option(
    '--meta <url>',
    'metadata store: postgres://user:password@host:5432/db, or empty for the data folder (env MIDGOAL_META; prefer the variable, a password on the command line shows in ps)',
  ).env('MIDGOAL_META');
}

export function registerConfig(program: Command): void {
  // Without this the program's own --version (print 0.1.0) swallows `config show --version 3`:
  // root options are then read only before the command name, where they are written anyway.
  program.enablePositionalOptions();
  const config = program
    .command('config')
    .description('share one configuration between the servers of a deployment and see their state (docs/META.md)')
    .addHelpText(
      'after',
      `
Examples:
  midgoal config push midgoal.yaml --note "add newsletter micro-conversion"
  midgoal config show > midgoal.yaml
  midgoal config show --version 3
  MIDGOAL_META=postgres://midgoal:secret@db:5432/midgoal midgoal config collectors
`,
    );

  config
    .command('push')
    .description('check a midgoal.yaml and store it as the next configuration version; running servers pick it up')
    .argument('<file>', 'the midgoal.yaml to store')
    .option('--note <text>', 'what changed, shown with the version')
    .addOption(metaOption())
    .addOption(dataOption())
    .addHelpText('after', '\nExamples:\n  midgoal config push midgoal.yaml\n  midgoal config push midgoal.yaml --note "checkout funnel: 3d window"\n')
    .action(async (file: string, opts: MetaOptions & { note?: string }) => {
      const yaml = await readYamlFile(file);
      // Checked under the operator's file name first, so errors point into the file they edit.
      configFromYaml(yaml, { file, path: path.resolve(file) });
      await withMeta(opts, async (meta) => {
        await meta.migrate();
        const stored = await meta.pushConfig(yaml, opts.note ?? null);
        console.log(`stored as version ${stored.version} in ${meta.describe}`);
      });
    });

  config
    .command('show')
    .description('print a stored configuration (the latest unless --version is given) as YAML')
    .option('--version <n>', 'the version to print', readWhole(1, Number.MAX_SAFE_INTEGER, '--version'))
    .addOption(metaOption())
    .addOption(dataOption())
    .addHelpText('after', '\nExamples:\n  midgoal config show\n  midgoal config show --version 2 > midgoal.yaml\n')
    .action(async (opts: MetaOptions & { version?: number }) => {
      await withMeta(opts, async (meta) => {
        const stored = opts.version === undefined ? await meta.latestConfig() : await meta.configVersion(opts.version);
        if (!stored) throw noConfig(meta, opts.version);
        // The details go to stderr so `config show > midgoal.yaml` writes exactly the stored text.
        console.error(`version ${stored.version}, stored ${stored.createdAt}${stored.note ? `: ${stored.note}` : ''}`);
        process.stdout.write(stored.yaml.endsWith('\n') ? stored.yaml : `${stored.yaml}\n`);
      });
    });

  config
    .command('collectors')
    .description('list every server that reported to the metadata store: when it was last seen, its lag and store errors')
    .option('--json', 'print JSON')
    .addOption(metaOption())
    .addOption(dataOption())
    .addHelpText('after', '\nExamples:\n  midgoal config collectors\n  midgoal config collectors --json\n')
    .action(async (opts: MetaOptions & { json?: boolean }) => {
      await withMeta(opts, async (meta) => {
        const collectors = await meta.collectors();
        if (opts.json) console.log(JSON.stringify(collectors, null, 2));
        else if (collectors.length === 0) console.log(`no server has reported to ${meta.describe} yet`);
        else console.log(formatCollectorsTable(collectors, Date.now()).join('\n'));
      });
    });
}

/** One line per collector; the store error last and unaligned, as it may be long. */
export function formatCollectorsTable(collectors: readonly CollectorStatus[], now: number): string[] {
  const rows = [
    ['id', 'host', 'url', 'last seen', 'lag'],
    ...collectors.map((c) => [c.id, c.host, c.url, ago(c.lastSeen, now), String(c.lag)]),
  ];
  const lines = formatColumns(rows, 3);
  const width = Math.max(...lines.map((l) => l.length));
  const errors = ['store error', ...collectors.map((c) => c.storeError ?? '—')];
  return lines.map((line, i) => `${line.padEnd(width)}  ${errors[i] ?? ''}`);
}

function ago(iso: string, now: number): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  return Number.isFinite(seconds) ? `${formatDuration(seconds)} ago` : iso;
}

async function withMeta(opts: MetaOptions, work: (meta: MetaStore) => Promise<void>): Promise<void> {
  const meta = await openMetaStore({ url: opts.meta, dataDir: resolveDataDir(opts.data) });
  try {
    await work(meta);
  } finally {
    await meta.close();
  }
}

async function readYamlFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'it is a folder' : err instanceof Error ? err.message : String(err);
    throw new Error(`cannot read ${path.resolve(file)}: ${why}; name the midgoal.yaml to store`);
  }
}

function noConfig(meta: MetaStore, version: number | undefined): MetaStoreError {
  return version === undefined
    ? new MetaStoreError(
        `no configuration has been pushed to ${meta.describe} yet; store one with: midgoal config push midgoal.yaml`,
        `${meta.describe} にはまだ設定がありません。midgoal config push midgoal.yaml で保存してください。`,
      )
    : new MetaStoreError(
        `${meta.describe} has no configuration version ${version}; "midgoal config show" prints the latest`,
        `${meta.describe} に設定のバージョン ${version} はありません。最新は "midgoal config show" で表示できます。`,
      );
}
