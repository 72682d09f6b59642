#!/usr/bin/env node
// Entry point for `npx midgoal` and `npm start`. It runs dist/server/midgoal.mjs, the CLI and
// server bundled from src/ by scripts/buildServer.mjs, with plain node: no tsx loader and no
// esbuild worker transpiling modules in the server process (~35 MB less resident memory). The
// bundle is (re)built here when it is missing or a source it was made from changed, so a fresh
// clone and an edited checkout both just work. MIDGOAL_TSX=1 runs the TypeScript sources
// through tsx instead (as do the unit tests); so does a failed build, after a warning.
import v8 from 'node:v8';
import { buildServer, bundleIsFresh, BUNDLE_FILE } from '../scripts/buildServer.mjs';

if (process.argv[2] === 'serve') keepServerHeapSmall();

/**
 * A long-running server keeps its JS heap small (docs/BENCH.md, "Server memory"). V8 reads both
 * flags at every GC, so setting them here, at run time, works.
 * - Old generation: after each full GC the limit grows by 30 % of what is live, instead of V8's
 *   adaptive 1.1–4×, which under collector load let garbage pile up to ~130 MB over ~35 MB live.
 * - New space: V8 doubles its two semi-spaces up to 16 MB each (32 MB resident) while many
 *   objects survive a scavenge. Growth stops once they reach NEW_SPACE_CAP together and resumes
 *   if V8 shrinks them below it. Kept at 1 MB instead, throughput fell by about a quarter.
 */
function keepServerHeapSmall() {
  const NEW_SPACE_CAP = 8 * 1024 * 1024;
  v8.setFlagsFromString('--heap-growing-percent=30');
  let capped = false;
  const check = () => {
    const newSpace = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    const atCap = newSpace !== undefined && newSpace.space_size >= NEW_SPACE_CAP;
    if (atCap === capped) return;
    capped = atCap;
    // 2 is V8's default growth factor.
    v8.setFlagsFromString(`--semi-space-growth-factor=${atCap ? 1 : 2}`);
  };
  check();
  setInterval(check, 50).unref();
}

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
