/**
 * Debian's chromium for browser tests, driven by playwright-core: one place for the path, the
 * flags that make it start quickly and quietly in a container, and the skip rule (skip only on a
 * developer machine without chromium; in CI a missing chromium is a failure).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** No sandbox (containers run as root), no GPU, no background traffic, autoplay without a click. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--mute-audio',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * User agents of real visitors. Headless chromium says "HeadlessChrome", which the collector
 * (isbot) rightly drops as a bot; the tests play people, so their contexts use these.
 */
export const DESKTOP_CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const MOBILE_CHROME_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

/**
 * Whether browser tests can run. Without chromium: throws in CI (the suite must not pass by
 * skipping), warns and returns false elsewhere, for `describe.skipIf(!hasChromium(…))`.
 */
export function hasChromium(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing; ${suite} must run in CI (apt-get install chromium).`);
  console.warn(`${suite}: skipped, ${CHROMIUM} is not installed (apt-get install chromium).`);
  return false;
}

/** Launches Debian's chromium headless with the flags above. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, ...options, args: [...CHROMIUM_ARGS, ...(options.args ?? [])] });
}

/** A persistent profile (the dashboard test keeps localStorage across reloads this way). */
export function launchChromiumProfile(profileDir: string, options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
