/**
 * Builds the browser tracker (src/tracker/main.ts) into one minified IIFE with esbuild. The output
 * depends only on the sources and the pinned esbuild version (no timestamps, no host names
 * baked in), so the same release always serves the same bytes and a page can pin it with
 * `integrity="sha384-…"`.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Gzipped size the script must stay within (Plausible's is about 2.5 KB, Umami's 2.2 KB). */
export const TRACKER_GZIP_BUDGET = 2048;

const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));

export interface BuiltTracker {
  /** The script, UTF-8. */
  code: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  /** Subresource Integrity value: `sha384-` + base64 of the script's SHA-384. */
  integrity: string;
}

export interface TrackerSizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** Bundles and minifies the tracker, and compresses it once for serving. */
export async function buildTracker(): Promise<BuiltTracker> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    // Browsers from 2020 on: ?. ?? ||= stay as written, smaller than their rewrite.
    target: 'es2021',
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
    // Not the project's tsconfig: its `strict` would add a "use strict" prologue the script does not need.
    tsconfigRaw: {},
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the tracker');
  const code = Buffer.from(output.contents);
  return {
    code,
    gzip: gzipSync(code, { level: 9 }),
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    integrity: `sha384-${createHash('sha384').update(code).digest('base64')}`,
  };
}

/** Raw, gzip (level 9) and brotli (quality 11) sizes in bytes, for the size test and `npm run bench`. */
export async function trackerSizes(): Promise<TrackerSizes> {
  const built = await buildTracker();
  return { raw: built.code.length, gzip: built.gzip.length, brotli: built.brotli.length };
}
