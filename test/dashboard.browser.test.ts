/**
 * The dashboard end to end: the real server on a fresh data folder (seeded with the demo shop),
 * the built dashboard, and Debian's chromium driven by playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './helpers/serverProcess.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const DASHBOARD_SRC = path.join(ROOT, 'src/dashboard');
const DASHBOARD_INDEX = path.join(ROOT, 'dist/dashboard/index.html');
const SCREENSHOT = '/tmp/dashboard.png';
const SCREENSHOT_JA = '/tmp/dashboard-ja.png';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing; the dashboard browser test must run in CI (apt-get install chromium).`);
  console.warn(`dashboard.browser.test: skipped, ${CHROMIUM} is not installed (apt-get install chromium).`);
}

describe.skipIf(!hasChromium)('dashboard in a browser', () => {
  let server: ServerProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let baseUrl = '';
  const temp: string[] = [];

  beforeAll(async () => {
    buildDashboardIfStale();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'midgoal-dash-data-'));
    const profile = mkdtempSync(path.join(tmpdir(), 'midgoal-dash-chromium-'));
    temp.push(dataDir, profile);
    server = await startServerProcess({ dataDir });
    baseUrl = server.url;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      locale: 'en-US',
      viewport: { width: 1200, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the demo funnel with its counts and names the add-to-cart bottleneck', async () => {
    // The default view (last 28 days up to today in Asia/Tokyo) must hold the whole demo shop.
    await page.goto(`${baseUrl}/`);
    const counts = page.locator('table.funnel-table tbody tr td:nth-of-type(1)');
    await poll(() => counts.allInnerTexts()).toEqual(['1,000', '800', '240', '72', '54', '27']);
    // 240/800 and 72/240 are both 30%; the tie goes to the step that loses more visitors (560).
    await poll(() => page.getByTestId('bottleneck').locator('strong').innerText()).toBe('Bottleneck: Added to cart 30%');
    const rates = await page.locator('table.funnel-table tbody tr td:nth-of-type(2)').allInnerTexts();
    expect(rates).toEqual(['—', '80%', '30%', '30%', '75%', '50%']);
    expect(await page.locator('tr.is-bottleneck th').innerText()).toContain('Added to cart');
    expect(await page.locator('.card-value').allInnerTexts()).toEqual(['2.7%', '1,000', '27']);
    // The chart is drawn: six bars, their labels in the SVG.
    await poll(() => page.locator('.funnel-chart svg text').allTextContents()).toContain('Added to cart');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('switches to Japanese and remembers the choice', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    await poll(() => page.getByTestId('bottleneck').locator('strong').innerText()).toBe('ボトルネック: カート追加 30%');
    expect(await page.locator('table.funnel-table thead th').allInnerTexts()).toEqual([
      'ステップ',
      '訪問者',
      '遷移率',
      '95%信頼区間',
      '全体比',
      '離脱',
    ]);
    expect(await page.evaluate(() => localStorage.getItem('midgoal.lang'))).toBe('ja');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await page.screenshot({ path: SCREENSHOT_JA, fullPage: true });

    await page.reload();
    await poll(() => page.locator('table.funnel-table thead th').first().innerText()).toBe('ステップ');
    await page.getByRole('button', { name: 'English' }).click();
    await poll(() => page.locator('table.funnel-table thead th').first().innerText()).toBe('Step');
  });

  it('shows the tracking snippet and the demo command while the store is empty', async () => {
    await page.route('**/api/health', (route) => route.fulfill({ json: { ok: true, events: 0, lag: 0 } }));
    await page.reload();
    const empty = page.getByTestId('empty-state');
    await poll(() => empty.innerText()).toContain('npx midgoal demo');
    const text = await empty.innerText();
    expect(text).toContain(`curl -X POST ${baseUrl}/api/collect`);
    expect(text).toContain('"name":"page_view"');
    expect(await page.locator('table.funnel-table').count()).toBe(0);
    await page.unroute('**/api/health');
  });

  it("shows the API's own error message, in Japanese when it has one", async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.route('**/api/sites/*/funnels/*', (route) =>
      route.fulfill({
        status: 400,
        json: { error: { code: 'bad_query', message: 'from must be a date like 2026-11-01.', message_ja: '日付は 2026-11-01 の形式で指定してください。' } },
      }),
    );
    await page.reload();
    const error = page.getByTestId('error-state');
    await poll(() => error.innerText()).toContain('from must be a date like 2026-11-01.');
    expect(await error.innerText()).toContain('bad_query');
    await page.getByRole('button', { name: '日本語' }).click();
    await poll(() => error.innerText()).toContain('日付は 2026-11-01 の形式で指定してください。');
    await page.unroute('**/api/sites/*/funnels/*');
  });

  it('refuses a date range whose start is after its end', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${baseUrl}/?site=demo&funnel=purchase&from=2026-01-31&to=2026-01-01`);
    await poll(() => page.locator('[role=alert]').first().innerText()).toContain('Pick a start and an end date, with the start on or before the end.');
    expect(await page.locator('table.funnel-table').count()).toBe(0);
  });
});

/** Pages load over a real server on a shared 2-core machine: give them time. */
function poll<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}

/** Build dist/dashboard when it is missing or older than a source file (a stale build tests old code). */
function buildDashboardIfStale(): void {
  const built = existsSync(DASHBOARD_INDEX) ? statSync(DASHBOARD_INDEX).mtimeMs : 0;
  if (built > newestMtime(DASHBOARD_SRC)) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'src/dashboard/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}
