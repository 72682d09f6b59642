import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentile, runHttpLoad } from './httpLoad.ts';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('runHttpLoad', () => {
  let server: http.Server;
  let url = '';
  let received = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        // Every 10th request fails, to see failures counted apart.
        if (received % 10 === 0) res.writeHead(500).end('nope');
        else res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":3}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/collect`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('stops at maxRequests and counts accepted events from the answers', async () => {
    const result = await runHttpLoad({
      url,
      bodies: [Buffer.from('[]')],
      headers: { 'content-type': 'application/json' },
      concurrency: 4,
      maxRequests: 100,
      maxSeconds: 10,
      eventsPerRequest: 3,
      acceptedIn: (body) => (JSON.parse(body) as { accepted: number }).accepted,
    });
    expect(result.requests).toBe(100);
    expect(result.failed).toBe(10);
    expect(result.ok).toBe(90);
    expect(result.acceptedEvents).toBe(270);
    expect(result.failures[0]).toBe('500: nope');
    expect(result.p50Ms).toBeLessThanOrEqual(result.p99Ms);
  });

  it('refuses to load anything but this machine', async () => {
    await expect(
      runHttpLoad({ url: 'http://example.com/', bodies: [], headers: {}, concurrency: 1, maxRequests: 1, maxSeconds: 1, eventsPerRequest: 1 }),
    ).rejects.toThrow(/127\.0\.0\.1/);
  });
});
