import { createHash } from 'node:crypto';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildTracker, TRACKER_GZIP_BUDGET, trackerSizes } from './buildTracker.ts';

describe('buildTracker', () => {
  it(`stays within ${TRACKER_GZIP_BUDGET} bytes gzipped`, async () => {
    const sizes = await trackerSizes();
    console.log(`tracker: ${sizes.raw} B raw, ${sizes.gzip} B gzip, ${sizes.brotli} B brotli (budget ${TRACKER_GZIP_BUDGET} B gzip)`);
    expect(sizes.gzip).toBeLessThanOrEqual(TRACKER_GZIP_BUDGET);
    expect(sizes.brotli).toBeLessThan(sizes.gzip);
    expect(sizes.gzip).toBeLessThan(sizes.raw);
  });

  it('builds the same bytes every time, so an integrity attribute stays valid', async () => {
    const [a, b] = await Promise.all([buildTracker(), buildTracker()]);
    expect(a.code.equals(b.code)).toBe(true);
    expect(a.integrity).toBe(b.integrity);
    expect(a.integrity).toBe(`sha384-${createHash('sha384').update(a.code).digest('base64')}`);
    expect(a.integrity).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  });

  it('is one minified IIFE without host names, comments or console calls', async () => {
    const { code, gzip, brotli } = await buildTracker();
    const text = code.toString('utf8');
    expect(text.startsWith('(()=>{')).toBe(true);
    expect(text.trimEnd().endsWith('})();')).toBe(true);
    expect(text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(text).not.toMatch(/localhost|127\.0\.0\.1|console\.|\/\*|use strict/);
    // The compressed copies served to browsers decode to exactly the script.
    expect(gunzipSync(gzip).equals(code)).toBe(true);
    expect(brotliDecompressSync(brotli).equals(code)).toBe(true);
  });
});
