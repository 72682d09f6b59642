/**
 * `midgoal bench` (`npm run bench -- …`): the reproducible benchmark in bench/. Loaded on demand
 * so everyday commands do not pay for it.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { z } from 'zod';
import { FULL, QUICK } from '../../../bench/benchPresets.ts';

const optionsSchema = z
  .object({
    events: z
      .number()
      .int()
      .min(1_000, { message: 'use at least 1000 events' })
      .max(200_000_000, { message: 'at most 200,000,000 events (the bench keeps one machine busy, not days)' })
      .optional(),
    visitors: z.number().int().min(1, { message: 'use at least 1 visitor' }).optional(),
    seed: z.number().int().min(0).max(0xffffffff),
    quick: z.boolean(),
    skipClickhouse: z.boolean(),
    skipClickhouseStore: z.boolean(),
  })
  .transform((o) => {
    const preset = o.quick ? QUICK : FULL;
    const events = o.events ?? preset.events;
    // Presets keep 10 events per visitor; an explicit --events keeps that ratio.
    return { ...o, events, visitors: o.visitors ?? Math.max(1, Math.round((events * preset.visitors) / preset.events)) };
  })
  .refine((o) => o.visitors <= o.events, {
    message: 'must not exceed --events (every visitor has at least one event)',
    path: ['visitors'],
  });

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('measure import rate, collector throughput, memory and funnel time (vs ClickHouse when running)')
    .addOption(new Option('--events <n>', 'events to generate (default 10,000,000; 100,000 with --quick)').argParser(parseCount))
    .addOption(new Option('--visitors <n>', 'visitors (default events / 10)').argParser(parseCount))
    .addOption(new Option('--seed <n>', 'random seed: same seed, same events').default(42).argParser(parseCount))
    .option('--quick', 'a small run (100,000 events) that finishes in under a minute', false)
    .option('--skip-clickhouse', 'do not compare with a local ClickHouse', false)
    .option('--skip-clickhouse-store', "do not run the suite on midgoal's ClickHouse store", false)
    .addHelpText('after', '\nExamples:\n  npm run bench -- --quick\n  npm run bench -- --events 10000000 --visitors 1000000\n\nSee docs/BENCH.md for how to read the results.\n')
    .action(async (raw: unknown) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`bench: ${issue?.path.length ? `--${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid options'}`);
      }
      const { runBench } = await import('../../../bench/runBench.ts');
      const report = await runBench(parsed.data);
      // Wrong counts or a failed phase fail the command (CI notices); missed targets are only shown.
      if (report.errors.length > 0) process.exitCode = 1;
    });
}

function parseCount(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InvalidArgumentError(`"${value}" is not a whole number; write e.g. 10000000 or 10_000_000.`);
  }
  return n;
}
