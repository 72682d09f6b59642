import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { DropCounters } from '../collect/DropCounters.ts';
import type { IngestSink } from '../ingest/IngestSink.ts';
import { siteSchema, type Site } from '../schema/config.ts';
import type { StoredEvent } from '../schema/storedEvent.ts';
import { createCollectRoute } from './collectRoute.ts';

const NOW = Date.parse('2025-06-01T03:00:00Z');
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

const SITES: ReadonlyMap<string, Site> = new Map([
  ['shop', siteSchema.parse({ id: 'shop', origins: ['https://shop.example'] })],
  ['open', siteSchema.parse({ id: 'open' })],
]);

class MemorySink implements IngestSink {
  batches: StoredEvent[][] = [];
  fail = false;
  async append(events: readonly StoredEvent[]): Promise<void> {
    if (this.fail) throw new Error('disk full');
    this.batches.push([...events]);
  }
  get events(): StoredEvent[] {
    return this.batches.flat();
  }
}

function setup() {
  const sink = new MemorySink();
  const counters = new DropCounters();
  const app = new Hono();
  app.route('/api/collect', createCollectRoute({ sink, sites: () => SITES, counters, now: () => NOW, trustProxy: true }));
  const post = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
    app.request('/api/collect', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': IPHONE, ...headers },
    });
  return { sink, counters, app, post };
}

const json = (value: unknown): string => JSON.stringify(value);
const errorCode = async (res: Response): Promise<string> => ((await res.json()) as { error: { code: string } }).error.code;

describe('POST /api/collect', () => {
  it('accepts one event and enriches it', async () => {
    const { post, sink } = setup();
    const res = await post(
      json({
        site: 'shop',
        name: 'page_view',
        url: 'https://shop.example/products/7?utm_source=google&utm_medium=cpc&gclid=G1',
        referrer: 'https://www.google.co.jp/',
        props: { category: 'shoes' },
      }),
      { 'x-forwarded-for': '203.0.113.5, 10.0.0.1' },
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [], dropped: { bot: 0 } });
    const [event] = sink.events;
    expect(event).toMatchObject({
      site: 'shop',
      name: 'page_view',
      ts: NOW,
      received: NOW,
      session: '',
      path: '/products/7',
      channel: 'paid_search',
      utm_source: 'google',
      utm_medium: 'cpc',
      gclid: 'G1',
      device: 'mobile',
      browser: 'Mobile Safari',
      os: 'iOS',
      props: '{"category":"shoes"}',
    });
    expect(event?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event?.visitor).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('gives the same visitor id to the same IP + UA and keeps client ids', async () => {
    const { post, sink } = setup();
    const headers = { 'x-forwarded-for': '203.0.113.5' };
    await post(json({ site: 'shop', name: 'a' }), headers);
    await post(json({ site: 'shop', name: 'b', id: 'evt-1', visitor: 'v-1', session: 's-1' }), headers);
    await post(json({ site: 'shop', name: 'c' }), headers);
    const [a, b, c] = sink.events;
    expect(a?.visitor).toBe(c?.visitor);
    expect([b?.id, b?.visitor, b?.session]).toEqual(['evt-1', 'v-1', 's-1']);
  });

  it('ignores X-Forwarded-For unless told to trust a proxy', async () => {
    const sink = new MemorySink();
    const app = new Hono();
    app.route('/api/collect', createCollectRoute({ sink, sites: () => SITES, now: () => NOW }));
    for (const ip of ['203.0.113.5', '198.51.100.7']) {
      await app.request('/api/collect', {
        method: 'POST',
        body: json({ site: 'shop', name: 'a' }),
        headers: { 'content-type': 'application/json', 'user-agent': IPHONE, 'x-forwarded-for': ip },
      });
    }
    const [a, b] = sink.events;
    expect(a?.visitor).toBe(b?.visitor);
  });

  it('rejects malformed JSON with 400 and a bilingual message', async () => {
    const { post, sink } = setup();
    const res = await post('{"site": "shop",');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; message_ja: string } };
    expect(body.error.code).toBe('malformed_json');
    expect(body.error.message).toContain('Send one event object');
    expect(body.error.message_ja).toContain('JSON');
    expect(sink.batches).toHaveLength(0);
  });

  it('rejects wrong types with 400 naming the field path', async () => {
    const { post, counters } = setup();
    const res = await post(json({ site: 'shop', name: 'purchase', value: 'lots' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string }; rejected: Array<{ index: number; errors: Array<{ path: string }> }> };
    expect(body.error.code).toBe('invalid_events');
    expect(body.error.message).toContain('event 0, value');
    expect(body.rejected[0]?.errors[0]?.path).toBe('value');
    expect(counters.get('invalid')).toBe(1);
  });

  it('stores the good events of a mixed batch and reports the bad ones by index', async () => {
    const { post, sink, counters } = setup();
    const res = await post(
      json([
        { site: 'shop', name: 'view_item' },
        { site: 'shop', name: '1bad' },
        { site: 'nope', name: 'x' },
        { site: 'shop', name: 'add_to_cart', ts: NOW - 31 * 86_400_000 },
        { site: 'shop', name: 'purchase', value: 4980, currency: 'JPY', items: [{ item_id: 'A', price: 4980, quantity: 1 }] },
      ]),
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as { accepted: number; rejected: Array<{ index: number; reason: string; errors: Array<{ path: string }> }> };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.reason, r.errors[0]?.path])).toEqual([
      [1, 'invalid', 'name'],
      [2, 'unknown_site', 'site'],
      [3, 'too_old', 'ts'],
    ]);
    expect(sink.events.map((e) => e.name)).toEqual(['view_item', 'purchase']);
    expect(sink.events[1]?.items).toBe('[{"item_id":"A","price":4980,"quantity":1}]');
    expect(counters.toJSON()).toMatchObject({ invalid: 1, unknown_site: 1, too_old: 1 });
  });

  it('answers 404 when every event names an unknown site', async () => {
    const { post, counters } = setup();
    const res = await post(json([{ site: 'nope', name: 'x' }, { site: 'other', name: 'y' }]));
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('unknown_site');
    expect(counters.get('unknown_site')).toBe(2);
  });

  it('rejects timestamps more than 1 hour ahead or 30 days back', async () => {
    const { post, counters } = setup();
    const future = await post(json({ site: 'shop', name: 'x', ts: NOW + 2 * 3_600_000 }));
    expect(future.status).toBe(400);
    expect(((await future.json()) as { rejected: Array<{ reason: string }> }).rejected[0]?.reason).toBe('in_future');
    const old = await post(json({ site: 'shop', name: 'x', ts: '2025-04-01T00:00:00+09:00' }));
    expect(((await old.json()) as { rejected: Array<{ reason: string }> }).rejected[0]?.reason).toBe('too_old');
    expect(counters.toJSON()).toMatchObject({ in_future: 1, too_old: 1 });
  });

  it('reads a text/plain sendBeacon body', async () => {
    const { post, sink } = setup();
    const res = await post(json({ site: 'open', name: 'page_view' }), { 'content-type': 'text/plain;charset=UTF-8' });
    expect(res.status).toBe(202);
    expect(sink.events).toHaveLength(1);
  });

  it('refuses other content types with 415', async () => {
    const { post } = setup();
    const res = await post('site=shop', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(await errorCode(res)).toBe('unsupported_media_type');
  });

  it('refuses invalid UTF-8 with 400', async () => {
    const { post } = setup();
    const bytes = new Uint8Array([...new TextEncoder().encode('{"site":"shop","name":"'), 0xc3, 0x28, ...new TextEncoder().encode('"}')]);
    const res = await post(bytes);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_utf8');
  });

  it('refuses a body over 1 MB with 413, streamed or declared', async () => {
    const { post, sink } = setup();
    const big = json({ site: 'shop', name: 'x', title: 'a'.repeat(1024 * 1024) });
    const streamed = await post(big);
    expect(streamed.status).toBe(413);
    expect(await errorCode(streamed)).toBe('body_too_large');
    const declared = await post(big, { 'content-length': String(big.length) });
    expect(declared.status).toBe(413);
    expect(sink.batches).toHaveLength(0);
  });

  it('refuses a batch over 500 events with 413 and an empty batch with 400', async () => {
    const { post } = setup();
    const over = await post(json(Array.from({ length: 501 }, () => ({ site: 'shop', name: 'x' }))));
    expect(over.status).toBe(413);
    expect(await errorCode(over)).toBe('batch_too_large');
    const empty = await post('[]');
    expect(empty.status).toBe(400);
    expect(await errorCode(empty)).toBe('empty_batch');
  });

  it('drops bots silently: 202, counted, nothing stored', async () => {
    const { post, sink, counters } = setup();
    const res = await post(json([{ site: 'shop', name: 'a' }, { site: 'shop', name: 'b' }]), { 'user-agent': GOOGLEBOT });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, rejected: [], dropped: { bot: 2 } });
    expect(sink.batches).toHaveLength(0);
    expect(counters.get('bot')).toBe(2);
  });

  it('accepts a server-side integration (HTTP library) that names the visitor, drops one that does not', async () => {
    const { post, sink } = setup();
    const named = await post(json({ site: 'shop', name: 'purchase', visitor: 'u1' }), { 'user-agent': 'curl/8.5.0' });
    expect(await named.json()).toEqual({ accepted: 1, rejected: [], dropped: { bot: 0 } });
    const anonymous = await post(json({ site: 'shop', name: 'purchase' }), { 'user-agent': 'curl/8.5.0' });
    expect(await anonymous.json()).toEqual({ accepted: 0, rejected: [], dropped: { bot: 1 } });
    const crawler = await post(json({ site: 'shop', name: 'x', visitor: 'u2' }), { 'user-agent': GOOGLEBOT });
    expect(await crawler.json()).toEqual({ accepted: 0, rejected: [], dropped: { bot: 1 } });
    expect(sink.batches.flat().map((e) => e.visitor)).toEqual(['u1']);
  });

  it('answers 503 and acknowledges nothing when the sink fails', async () => {
    const { post, sink } = setup();
    sink.fail = true;
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await post(json({ site: 'shop', name: 'x' }));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { accepted?: number; error: { code: string; message: string } };
    expect(body.accepted).toBeUndefined();
    expect(body.error.code).toBe('sink_unavailable');
    expect(body.error.message).toContain('Retry');
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });

  it('parses Windows Chrome as desktop / Chrome / Windows', async () => {
    const { post, sink } = setup();
    await post(json({ site: 'shop', name: 'x' }), {
      'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    });
    expect(sink.events[0]).toMatchObject({ device: 'desktop', browser: 'Chrome', os: 'Windows' });
  });
});

describe('CORS', () => {
  it('answers the preflight for a listed origin', async () => {
    const { app } = setup();
    const res = await app.request('/api/collect', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(204);
    // `open` allows every origin, so the preflight may pass; the POST decides per site.
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
  });

  it('echoes an allowed origin for a site with an origin list', async () => {
    const { post, sink } = setup();
    const res = await post(json({ site: 'shop', name: 'x' }), { origin: 'https://shop.example' });
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(sink.events).toHaveLength(1);
  });

  it('rejects events from an origin the site does not list', async () => {
    const { post, counters } = setup();
    const res = await post(json({ site: 'shop', name: 'x' }), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('origin_not_allowed');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(counters.get('origin_not_allowed')).toBe(1);
  });

  it('sends * for a site that allows every origin', async () => {
    const { post } = setup();
    const res = await post(json({ site: 'open', name: 'x' }), { origin: 'https://anything.example' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('gives no preflight grant when no site allows the origin', async () => {
    const sink = new MemorySink();
    const only = new Map([['shop', siteSchema.parse({ id: 'shop', origins: ['https://shop.example'] })]]);
    const app = createCollectRoute({ sink, sites: () => only, now: () => NOW });
    const res = await app.request('/', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
