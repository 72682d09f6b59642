/**
 * `midgoal` — one program, thin commands over the same modules the server uses.
 */
import { Command, CommanderError } from 'commander';
import { registerServe } from './commands/serve.ts';
import { registerFunnel } from './commands/funnel.ts';
import { registerDropped } from './commands/dropped.ts';
import { registerImport } from './commands/import.ts';
import { registerDemo } from './commands/demo.ts';
import { registerBench } from './commands/bench.ts';
import { registerConfig } from './commands/config.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerMigrateStore } from './commands/migrateStore.ts';
import { MIDGOAL_VERSION } from '../version.ts';

const program = new Command()
  .name('midgoal')
  .description('Sales-funnel and micro-conversion analytics for online shops / ECサイトのファネル・中継ゴール分析')
  .version(MIDGOAL_VERSION)
  .showHelpAfterError('(add --help for usage)');

registerServe(program);
registerFunnel(program);
registerDropped(program);
registerImport(program);
registerDemo(program);
registerBench(program);
registerConfig(program);
registerMigrate(program);
registerMigrateStore(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  // Errors meant for users (bad config, unknown site, locked store) carry their advice in the message.
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.MIDGOAL_DEBUG && err instanceof Error) console.error(err.stack);
  process.exit(1);
}
