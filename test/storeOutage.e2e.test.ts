/**
 * ClickHouse unreachable or slow (issue 4, "bad input"): a collector on ClickHouse keeps accepting
 * events into its durable log while ClickHouse is down — up to its backlog bound, then 503 with a
 * clear message — says so in /api/health, answers reports with a clear 503 instead of hanging, and
 * writes everything once ClickHouse is back, losing nothing. ClickHouse sits behind a TCP proxy
 * (test/helpers/faultProxy.ts) that the test switches between down, up and hanging.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFaultProxy, type FaultProxy } from './helpers/faultProxy.ts';
import { startServerProcess, type ServerProcess } from './helpers/serverProcess.ts';
import { clickHouseForSuite, CLICKHOUSE_HTTP } from './helpers/storeEngines.ts';

const ready = await clickHouseForSuite('ClickHouse outage');

const DATABASE = `midgoal_outage_${process.pid}_${Date.now().toString(36)}`;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const BACKLOG = 300;

const healthSchema = z.object({
  ok: z.boolean(),
  status: z.enum(['ok', 'degraded', 'full']),
  lag: z.number(),
  store: z.object({ kind: z.string(), writing: z.enum(['ok', 'failing']), lastError: z.string().nullable() }),
});
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), message_ja: z.string() }) });

function events(from: number, count: number): object[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: `o${from + i}`,
    site: 'demo',
    name: i % 2 === 0 ? 'page_view' : 'view_item',
    visitor: `ov${Math.floor((from + i) / 2)}`,
    ts: new Date(now - 60_000 + i).toISOString(),
    url: 'https://shop.example/p/1',
  }));
}

describe.skipIf(!ready)('a collector while ClickHouse is down, back, and hanging', () => {
  let dir: string;
  let proxy: FaultProxy;
  let server: ServerProcess;
  const chPort = Number(new URL(CLICKHOUSE_HTTP).port || 8123);

  const collect = (batch: object[]): Promise<Response> =>
    fetch(`${server.url}/api/collect`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': UA }, body: JSON.stringify(batch) });
  const health = async (): Promise<{ http: number; body: z.infer<typeof healthSchema> }> => {
    const res = await fetch(`${server.url}/api/health`);
    return { http: res.status, body: healthSchema.parse(await res.json()) };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'midgoal-outage-'));
    proxy = await startFaultProxy(chPort);
    // ClickHouse is down from the start: the collector must start anyway.
    server = await startServerProcess({
      dataDir: dir,
      env: { MIDGOAL_STORE: `clickhouse://127.0.0.1:${proxy.port}/${DATABASE}?timeout=3`, MIDGOAL_MAX_BACKLOG: String(BACKLOG), MIDGOAL_NO_DEMO: '1' },
    });
  });

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await fetch(`${CLICKHOUSE_HTTP}/`, { method: 'POST', body: `DROP DATABASE IF EXISTS ${DATABASE}` }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('reports "degraded" while ClickHouse is down even before anything waits to be written', async () => {
    const { http, body } = await health();
    expect(http).toBe(200);
    expect(body).toMatchObject({ ok: true, status: 'degraded', lag: 0, store: { writing: 'ok' } });
    expect(body.store.lastError).toContain("did not answer the health check's event count");
  });

  it('accepts events into the log while ClickHouse is down and reports "degraded"', async () => {
    for (let i = 0; i < 4; i++) expect((await collect(events(i * 50, 50))).status).toBe(202);
    // The writer tries within its interval (200 ms) and retries every second.
    const until = Date.now() + 10_000;
    while ((await health()).body.store.writing === 'ok' && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const { http, body } = await health();
    expect(http).toBe(200);
    expect(body).toMatchObject({ ok: true, status: 'degraded', lag: 200, store: { kind: 'clickhouse', writing: 'failing' } });
    expect(body.store.lastError).toMatch(/ClickHouse .* did not answer/);
  });

  it('answers a report with a clear 503, not a hang', async () => {
    const started = Date.now();
    const res = await fetch(`${server.url}/api/sites/demo/funnels/purchase`);
    expect(res.status).toBe(503);
    const body = errorSchema.parse(await res.json());
    expect(body.error.code).toBe('store_unavailable');
    expect(body.error.message).toContain('kept in the ingest log');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses new events once the backlog bound is reached, and says so in health', async () => {
    expect((await collect(events(200, 100))).status).toBe(202); // 300: at the bound
    const refused = await collect(events(300, 1));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    const body = errorSchema.parse(await refused.json());
    expect(body.error.code).toBe('backlog_full');
    expect(body.error.message).toContain('300 events are waiting for the store (limit 300)');
    const { http, body: h } = await health();
    expect(http).toBe(503);
    expect(h).toMatchObject({ ok: false, status: 'full', lag: 300 });
  });

  it('writes every accepted event, once, when ClickHouse is back', async () => {
    await proxy.set('up');
    const until = Date.now() + 30_000;
    while ((await health()).body.lag > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const { body } = await health();
    expect(body).toMatchObject({ ok: true, status: 'ok', lag: 0, store: { writing: 'ok', lastError: null } });
    const stored = await (await fetch(`${CLICKHOUSE_HTTP}/`, { method: 'POST', body: `SELECT count(), uniqExact(id) FROM ${DATABASE}.events FORMAT JSONCompact` })).json();
    expect((stored as { data: unknown[] }).data).toEqual([['300', '300']]);
    expect((await collect(events(300, 1))).status).toBe(202);
  });

  it('fails a report on a ClickHouse that hangs within its timeout (3 s), with a clear message', async () => {
    await proxy.set('hang');
    const started = Date.now();
    const res = await fetch(`${server.url}/api/sites/demo/funnels/purchase`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    const body = errorSchema.parse(await res.json());
    expect(body.error.message).toMatch(/did not answer|time limit|kept in the ingest log/);
    expect(elapsed).toBeLessThan(15_000);
    await proxy.set('up');
  });
});
