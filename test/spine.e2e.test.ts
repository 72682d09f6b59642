/**
 * The spine end to end, on a real server process: events in over HTTP → funnel out over the API and
 * the CLI, bad input refused without harm, a broken config refused with file:line, help everywhere.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServerProcess, type ServerProcess } from './helpers/serverProcess.ts';

const CONFIG = `
sites:
  - id: shop
    name: Test shop
    timezone: Asia/Tokyo
funnels:
  - id: buy
    label: { en: Buying, ja: 購入 }
    steps: [product_detail, add_to_cart, purchase]
    window: 1h
`;

const T0 = Date.now() - 3 * 3600_000;
const at = (minutes: number): number => T0 + minutes * 60_000;
/** Four visitors whose furthest steps are 3, 2, 1 (purchase after the 1h window) and 0. */
const EVENTS = [
  { visitor: 'v1', name: 'view_item', ts: at(0) },
  { visitor: 'v1', name: 'add_to_cart', ts: at(5) },
  { visitor: 'v1', name: 'purchase', ts: at(60) }, // exactly at the window edge: counts
  { visitor: 'v2', name: 'view_item', ts: at(0) },
  { visitor: 'v2', name: 'add_to_cart', ts: at(1) },
  { visitor: 'v3', name: 'view_item', ts: at(0) },
  { visitor: 'v3', name: 'add_to_cart', ts: at(61) }, // too late
  { visitor: 'v4', name: 'add_to_cart', ts: at(0) }, // never saw a product
].map((e, i) => ({ site: 'shop', id: `e${i}`, ...e }));

let dataDir: string;
let configPath: string;
let server: ServerProcess;

async function post(body: string | Uint8Array<ArrayBuffer>, type = 'application/json'): Promise<Response> {
  return fetch(`${server.url}/api/collect`, { method: 'POST', headers: { 'content-type': type }, body });
}

async function funnelCounts(): Promise<number[]> {
  const res = await fetch(`${server.url}/api/sites/shop/funnels/buy`);
  const body = (await res.json()) as { steps: { count: number }[] };
  return body.steps.map((s) => s.count);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'midgoal-spine-'));
  configPath = path.join(dataDir, 'midgoal.yaml');
  await writeFile(configPath, CONFIG);
  server = await startServerProcess({ dataDir, args: ['--config', configPath], env: { MIDGOAL_NO_DEMO: '1' } });
});

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('events in, funnel out', () => {
  it('accepts a batch with 202 and reports the hand-computed funnel', async () => {
    const res = await post(JSON.stringify(EVENTS));
    expect(res.status).toBe(202);
    expect(((await res.json()) as { accepted: number }).accepted).toBe(8);
    expect(await funnelCounts()).toEqual([3, 2, 1]);

    const report = (await (await fetch(`${server.url}/api/sites/shop/funnels/buy`)).json()) as {
      overallRate: number;
      steps: { rateFromPrevious: number | null; dropOff: number }[];
    };
    expect(report.steps.map((s) => s.rateFromPrevious)).toEqual([null, 2 / 3, 1 / 2]);
    expect(report.steps.map((s) => s.dropOff)).toEqual([0, 1, 1]);
    expect(report.overallRate).toBeCloseTo(1 / 3, 10);
  });

  it('gives the same numbers through the CLI while the server owns the store', async () => {
    const out = await runCli(['funnel', '--site', 'shop', '--funnel', 'buy', '--data', dataDir, '--json']);
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as { steps: { count: number }[] };
    expect(report.steps.map((s) => s.count)).toEqual([3, 2, 1]);

    const table = await runCli(['funnel', '--site', 'shop', '--funnel', 'buy', '--data', dataDir, '--lang', 'ja']);
    expect(table.stdout).toContain('購入');
    expect(table.stdout).toMatch(/カート追加\s+2\s+66\.7%/);
  });

  it('evaluates a funnel defined in the request, with its own micro-conversion', async () => {
    const ask = async (body: unknown): Promise<Response> =>
      fetch(`${server.url}/api/sites/shop/funnels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const counts = async (res: Response): Promise<number[]> =>
      ((await res.json()) as { steps: { count: number }[] }).steps.map((s) => s.count);

    // product_detail → purchase within 1h: only v1 (purchase exactly at the edge).
    expect(await counts(await ask({ funnel: { steps: ['product_detail', 'purchase'], window: '1h' } }))).toEqual([3, 1]);
    // An inline definition: carts within 30 minutes of the product view are v1 (5 min) and v2 (1 min).
    const inline = await ask({
      microConversions: [{ id: 'cart', match: { event: 'add_to_cart' } }],
      funnel: { steps: ['product_detail', 'cart'], window: '30m' },
    });
    expect(await counts(inline)).toEqual([3, 2]);

    const bad = await ask({ funnel: { steps: ['product_detail', 'nope'], window: '0m' } });
    expect(bad.status).toBe(400);
    const message = ((await bad.json()) as { error: { message: string } }).error.message;
    expect(message).toContain('funnel.window');
    expect(message).not.toContain('funnels[0]');
  });

  it('names the known funnels when asked for an unknown one', async () => {
    const res = await fetch(`${server.url}/api/sites/shop/funnels/nope`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('buy');
  });
});

describe('bad input is refused and nothing stored changes', () => {
  const cases: [string, () => Promise<Response>, number][] = [
    ['malformed JSON', () => post('{"site": "shop", "name": '), 400],
    ['wrong types', () => post(JSON.stringify({ site: 'shop', name: 'x', value: 'ten' })), 400],
    ['unknown site', () => post(JSON.stringify({ site: 'elsewhere', name: 'page_view', visitor: 'v' })), 404],
    ['oversized body', () => post(JSON.stringify({ site: 'shop', name: 'x', visitor: 'v', title: 'a'.repeat(2_000_000) })), 413],
    ['oversized batch', () => post(JSON.stringify(Array.from({ length: 501 }, () => ({ site: 'shop', name: 'x', visitor: 'v' })))), 413],
    ['wrong content type', () => post('site=shop', 'application/x-www-form-urlencoded'), 415],
    ['a timestamp far in the future', () => post(JSON.stringify({ site: 'shop', name: 'x', visitor: 'v', ts: Date.now() + 86400_000 * 365 })), 400],
    ['a timestamp far in the past', () => post(JSON.stringify({ site: 'shop', name: 'x', visitor: 'v', ts: '2001-01-01T00:00:00Z' })), 400],
    ['invalid UTF-8', () => post(new Uint8Array([0x5b, 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x5d])), 400],
  ];

  for (const [what, send, status] of cases) {
    it(`${what} → ${status} with a readable message`, async () => {
      const res = await send();
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message.length).toBeGreaterThan(10);
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await funnelCounts()).toEqual([3, 2, 1]);
    });
  }

  it('keeps every stored event after all of that (8 events)', async () => {
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { events: number; lag: number };
    expect(health.events + health.lag).toBe(8);
  });
});

describe('after the server stops', () => {
  it('the CLI opens the store itself and sees the same funnel', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    const out = await runCli(['funnel', '--site', 'shop', '--funnel', 'buy', '--data', dataDir, '--config', configPath, '--json']);
    expect(out.stderr).toBe('');
    expect((JSON.parse(out.stdout) as { steps: { count: number }[] }).steps.map((s) => s.count)).toEqual([3, 2, 1]);
  });
});

describe('config and CLI ergonomics', () => {
  it('refuses a config with a mistake, naming file, line and field', async () => {
    const bad = path.join(dataDir, 'bad.yaml');
    await writeFile(bad, 'sites:\n  - id: shop\n    timezone: Mars/Olympus\n');
    const out = await runCli(['serve', '--data', path.join(dataDir, 'other'), '--port', '0', '--config', bad]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('bad.yaml:3:5');
    expect(out.stderr).toContain('timezone');
  });

  it('has --help on every command', async () => {
    for (const command of ['serve', 'funnel', 'import', 'demo', 'bench']) {
      const out = await runCli([command, '--help']);
      expect(out.code, command).toBe(0);
      expect(out.stdout, command).toContain(`Usage: midgoal ${command}`);
    }
  });
});
