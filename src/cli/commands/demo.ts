/**
 * `midgoal demo`: fills the built-in `demo` site with the article's shop (1000 → 800 → 240 → 72
 * → 54 → 27 over the last four weeks), through the running server when there is one.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { openWriteTarget } from '../openWriteTarget.ts';
import { dataOption, storeOption, resolveDataDir } from '../options.ts';
import { ARTICLE_FUNNEL_COUNTS, DEMO_DAYS, generateDemoEvents } from '../../demo/generateDemoEvents.ts';
import { DEMO_SITE } from '../../demo/demoShop.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';

export { seedDemoIfEmpty } from '../../demo/seedDemoIfEmpty.ts';

/** Events per write: one request body to a running server stays a few MB. */
const CHUNK = 5000;

export interface DemoOptions {
  data: string;
  store?: string;
  reset?: boolean;
  seed: number;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load the demo shop: the article\'s funnel 1000 → 800 → 240 → 72 → 54 → 27 over the last 4 weeks')
    .addOption(dataOption())
    .addOption(storeOption())
    .option('--reset', 'replace the demo site\'s events if it already has some')
    .addOption(new Option('--seed <n>', 'random seed (same seed, same shop)').default(1).argParser(parseSeed))
    .addHelpText('after', '\nExamples:\n  midgoal demo\n  midgoal demo --reset --data /var/lib/midgoal\n')
    .action(async (opts: DemoOptions) => {
      const outcome = await runDemo(opts);
      console.log(outcome.message);
      // A refusal is not a crash, but scripts should still notice nothing was written.
      if (!outcome.wrote) process.exitCode = 1;
    });
}

/** The command without the printing, for tests: what it wrote or why it refused. */
export async function runDemo(opts: DemoOptions): Promise<{ wrote: boolean; message: string }> {
  const dataDir = resolveDataDir(opts.data);
  const target = await openWriteTarget({ dataDir, storeUrl: opts.store });
  try {
    const existing = await target.countEvents(DEMO_SITE);
    if (existing > 0 && !opts.reset) {
      const message = [
        `The demo site already has ${existing.toLocaleString('en')} events in ${target.describe}; nothing was changed.`,
        `デモサイトには既に ${existing.toLocaleString('ja')} 件のイベントがあります（変更していません）。`,
        '',
        'To see its funnel / ファネルを見る:   midgoal funnel --site demo --funnel purchase',
        'To load it again / 入れ直す:         midgoal demo --reset',
      ].join('\n');
      return { wrote: false, message };
    }
    if (existing > 0) await target.deleteSiteEvents(DEMO_SITE);
    const now = Date.now();
    const events = generateDemoEvents({ site: DEMO_SITE, now, seed: opts.seed });
    for (let i = 0; i < events.length; i += CHUNK) await target.write(events.slice(i, i + CHUNK));
    return { wrote: true, message: summary(events, now, target.describe, existing) };
  } finally {
    await target.close();
  }
}

function summary(events: readonly StoredEvent[], now: number, where: string, replaced: number): string {
  const visitors = new Set(events.map((e) => e.visitor)).size;
  const sessions = new Set(events.map((e) => e.session)).size;
  const purchases = events.filter((e) => e.name === 'purchase');
  const revenue = purchases.reduce((sum, e) => sum + (e.value ?? 0), 0);
  const day = (ms: number): string => new Date(ms).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
  const [visits, detail, cart, info, confirm, bought] = ARTICLE_FUNNEL_COUNTS;
  return [
    `${replaced > 0 ? `Replaced ${replaced.toLocaleString('en')} old demo events. ` : ''}Wrote the demo shop into ${where}:`,
    'デモショップのイベントを書き込みました:',
    `  ${events.length.toLocaleString('en')} events / イベント, ${visitors} visitors / 訪問者, ${sessions} sessions / セッション`,
    `  ${day(now - DEMO_DAYS * 86_400_000)} – ${day(now)} (${DEMO_DAYS} days / 日間, Asia/Tokyo)`,
    `  ${purchases.length} purchases / 購入, ¥${revenue.toLocaleString('ja')}`,
    '',
    'Built to show the article\'s example in funnel "purchase" (7-day window) / 記事の数値例どおりの購入ファネル（7日間）:',
    `  visit 訪問 ${visits} → product detail 商品詳細 ${detail} → add to cart カート追加 ${cart}`,
    `  → checkout info 情報入力 ${info} → confirm 確認画面 ${confirm} → purchase 購入完了 ${bought}`,
    '',
    'See it / 確認する:  midgoal funnel --site demo --funnel purchase',
  ].join('\n');
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new InvalidArgumentError(`"${value}" is not a whole number from 0 to 4294967295. / 0〜4294967295 の整数を指定してください。`);
  }
  return n;
}
