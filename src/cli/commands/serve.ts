import { Option, type Command } from 'commander';
import { startServer } from '../../server/startServer.ts';
import { configOption, dataOption, portOption, resolveDataDir, storeOption } from '../options.ts';
import { metaOption } from './config.ts';
import { describeStore } from '../../store/openStore.ts';
import { maxBacklogFromEnv } from '../../ingest/boundedSink.ts';
import { trackingSnippet } from '../trackingSnippet.ts';
import { parseMemoryLimit } from '../../store/duckdb/memoryLimit.ts';
import bytes from 'bytes';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the server: collector, JSON API and dashboard (embedded store, or ClickHouse with --store)')
    .addOption(dataOption())
    .addOption(storeOption())
    .addOption(metaOption())
    .addOption(new Option('--max-backlog <events>', 'events kept in the ingest log while the store is unreachable before new ones are refused (default 5,000,000)').env('MIDGOAL_MAX_BACKLOG'))
    .addOption(new Option('--memory-limit <size>', "cap on the embedded store's memory (DuckDB), e.g. 512MB or 2GB (default: DuckDB's, 80 % of RAM)").env('MIDGOAL_MEMORY_LIMIT'))
    .addOption(portOption())
    .addOption(new Option('--host <host>', 'address to listen on (env HOST)').default(process.env.HOST ?? '127.0.0.1'))
    .addOption(configOption())
    .addOption(new Option('--trust-proxy', 'read client IPs from X-Forwarded-For (only behind a reverse proxy)').env('MIDGOAL_TRUST_PROXY'))
    .option('--no-demo', 'do not seed the demo shop into an empty store (env MIDGOAL_NO_DEMO=1)')
    .addHelpText('after', '\nExamples:\n  midgoal serve\n  midgoal serve --port 9000 --data /var/lib/midgoal --config midgoal.yaml\n  midgoal serve --memory-limit 1GB\n  MIDGOAL_STORE=clickhouse://127.0.0.1:8123/midgoal midgoal serve --data /var/lib/midgoal-collector1\n')
    .action(async (opts: { data: string; store?: string; meta?: string; maxBacklog?: string; memoryLimit?: string; port: number; host: string; config?: string; demo: boolean; trustProxy?: boolean }) => {
      const dataDir = resolveDataDir(opts.data);
      const memoryLimit = parseMemoryLimit(opts.memoryLimit);
      // Signals are caught from the start: a stop during start-up waits for it, then flushes.
      let stopRequested: string | null = null;
      let stopNow: ((signal: string) => void) | null = null;
      const onSignal = (signal: string): void => {
        if (stopRequested) return;
        stopRequested = signal;
        stopNow?.(signal);
      };
      process.on('SIGINT', () => onSignal('SIGINT'));
      process.on('SIGTERM', () => onSignal('SIGTERM'));

      const server = await startServer({
        dataDir,
        port: opts.port,
        host: opts.host,
        configPath: opts.config,
        storeUrl: opts.store,
        metaUrl: opts.meta,
        maxBacklog: maxBacklogFromEnv(opts.maxBacklog),
        memoryLimit,
        seedDemo: opts.demo && process.env.MIDGOAL_NO_DEMO !== '1',
        // Commander turns the flag on for any MIDGOAL_TRUST_PROXY value; 0/false/no mean off.
        trustProxy: opts.trustProxy === true && !/^(0|false|no|off)?$/i.test(process.env.MIDGOAL_TRUST_PROXY ?? 'on'),
      });
      stopNow = (signal) => {
        console.log(`\n${signal}: flushing accepted events and stopping…`);
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      if (stopRequested) return stopNow(stopRequested);

      console.log(`listening on ${server.url}`);
      console.log(`\nmidgoal is running / 起動しました`);
      console.log(`  Dashboard / ダッシュボード: ${server.url}/`);
      console.log(`  Demo shop / デモショップ: ${server.url}/demo-shop/`);
      console.log(`  Data folder / データフォルダ: ${dataDir}`);
      if (opts.store) console.log(`  Store / ストア: ${describeStore({ dataDir, storeUrl: opts.store })}`);
      if (memoryLimit !== undefined) console.log(`  Store memory limit / ストアのメモリ上限: ${bytes.format(memoryLimit)}`);
      console.log(`\nTracking snippet / 計測タグ (paste before </head>):\n${trackingSnippet(server.url, 'demo')}\n`);
      console.log('Press Ctrl+C to stop / 停止は Ctrl+C');
    });
}
