#!/usr/bin/env node
// Entry point for `npx midgoal` and `npm start`. It runs dist/server/midgoal.mjs, the CLI and
// server bundled from src/ by scripts/buildServer.mjs, with plain node: no tsx loader and no
// esbuild worker transpiling modules in the server process (~35 MB less resident memory). The
// bundle is (re)built here when it is missing or a source it was made from changed, so a fresh
// clone and an edited checkout both just work. MIDGOAL_TSX=1 runs the TypeScript sources
// through tsx instead (as do the unit tests); so does a failed build, after a warning.
import { buildServer, bundleIsFresh, BUNDLE_FILE } from '../scripts/buildServer.mjs';
import { keepServerMemorySmall } from '../scripts/serverMemory.mjs';

// Before DuckDB is loaded: its allocator reads its options once, at load.
if (process.argv[2] === 'serve') keepServerMemorySmall();

async function bundleEntry() {
  if (process.env.MIDGOAL_TSX === '1') return null;
  try {
    if (!(await bundleIsFresh())) await buildServer();
    return BUNDLE_FILE;
  } catch (err) {
    console.error(
      `midgoal: could not build ${BUNDLE_FILE} (${err instanceof Error ? err.message : String(err)}); ` +
        'running the TypeScript sources through tsx instead.',
    );
    return null;
  }
}

const bundle = await bundleEntry();
if (bundle) {
  if (process.env.MIDGOAL_DEBUG) process.setSourceMapsEnabled(true);
  const { pathToFileURL } = await import('node:url');
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
