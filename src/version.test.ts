import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { MIDGOAL_VERSION } from './version.ts';

it('MIDGOAL_VERSION is the version in package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(MIDGOAL_VERSION).toBe(pkg.version);
});
