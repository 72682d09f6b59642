import { createHash } from 'node:crypto';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { buildTracker, type BuiltTracker } from '../tracker/buildTracker.ts';
import { createTrackerRoute, matchesIfNoneMatch, pickEncoding, TRACKER_CACHE_CONTROL } from './trackerRoute.ts';

function setup(build?: () => Promise<BuiltTracker>) {
  const app = new Hono();
  app.route('/', createTrackerRoute(build ? { build } : {}));
  return app;
}

describe('GET /t.js', () => {
  it('serves the built script with cache headers, a strong ETag and CORS for integrity checks', async () => {
    const built = await buildTracker();
    const app = setup(async () => built);
    const res = await app.request('/t.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe(TRACKER_CACHE_CONTROL);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-encoding')).toBeNull();
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(built.code)).toBe(true);
    expect(`sha384-${createHash('sha384').update(body).digest('base64')}`).toBe(built.integrity);
  });

  it('answers 304 to a matching If-None-Match, and 200 to a stale one', async () => {
    const app = setup(buildTracker);
    const etag = (await app.request('/t.js')).headers.get('etag') ?? '';
    const revalidated = await app.request('/t.js', { headers: { 'if-none-match': `"old", W/${etag}` } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(await revalidated.text()).toBe('');
    expect((await app.request('/t.js', { headers: { 'if-none-match': '"old"' } })).status).toBe(200);
  });

  it('serves brotli or gzip when accepted, each with its own ETag, decoding to the same script', async () => {
    const built = await buildTracker();
    const app = setup(async () => built);
    const br = await app.request('/t.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const gz = await app.request('/t.js', { headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('etag')).not.toBe(gz.headers.get('etag'));
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).equals(built.code)).toBe(true);
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(built.code)).toBe(true);
  });

  it('builds once for all requests, and retries after a failed build with a 503 meanwhile', async () => {
    const built = await buildTracker();
    const build = vi.fn<() => Promise<BuiltTracker>>().mockRejectedValueOnce(new Error('esbuild missing')).mockResolvedValue(built);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = setup(build);
    const failed = await app.request('/t.js');
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('tracker_unavailable');
    const statuses = await Promise.all([1, 2, 3].map(async () => (await app.request('/t.js')).status));
    expect(statuses).toEqual([200, 200, 200]);
    expect(build).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });
});

describe('GET /t.js.integrity', () => {
  it('gives the sha384 value for the integrity attribute', async () => {
    const built = await buildTracker();
    const res = await setup(async () => built).request('/t.js.integrity');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`${built.integrity}\n`);
  });
});

describe('pickEncoding / matchesIfNoneMatch', () => {
  it('reads Accept-Encoding and If-None-Match as browsers send them', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(pickEncoding('identity')).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
    expect(matchesIfNoneMatch('*', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"b", "a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"a-gz"', '"a"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, '"a"')).toBe(false);
  });
});
