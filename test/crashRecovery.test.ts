/**
 * Crash recovery end to end: a real `midgoal serve` is SIGKILLed while clients send events, then
 * restarted on the same data folder and stopped cleanly. Every event the server acknowledged
 * (202) must be in the store exactly once — the ingest log's promise (DESIGN.md "Exactly-once
 * from the log").
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { openDuckDbStore } from '../src/store/duckdb/openDuckDbStore.ts';

const BIN = fileURLToPath(new URL('../bin/midgoal.js', import.meta.url));
const BATCH = 20;
const SENDERS = 4;

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
}

const children: ChildProcess[] = [];
let dir = '';

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * Starts `midgoal serve` and resolves once it prints its URL and has answered a request: the
 * answer proves its startup code (which installs the SIGTERM handler) has run to the end.
 */
async function startServe(dataDir: string, port: number): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env, MIDGOAL_NO_DEMO: '1' };
  delete env.MIDGOAL_CONFIG;
  const child = spawn(process.execPath, [BIN, 'serve', '--data', dataDir, '--port', String(port)], {
    cwd: path.dirname(dataDir), // no midgoal.yaml there: built-in defaults, which include site "demo"
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within 30 s:\n${output}`)), 30_000);
    const check = (): void => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  await fetch(`${url}/api/health`).then((res) => res.body?.cancel());
  return { child, url, output: () => output };
}

async function exited(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} did not exit within ${ms} ms`)), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

it('keeps every acknowledged event exactly once across a SIGKILL and a restart', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-crash-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const first = await startServe(dataDir, port);

  const acked = new Set<string>();
  let sent = 0;
  let sending = true;
  const sender = async (who: number): Promise<void> => {
    for (let n = 0; sending; n++) {
      const ids = Array.from({ length: BATCH }, (_, i) => `s${who}-b${n}-e${i}`);
      const body = ids.map((id, i) => ({ site: 'demo', name: 'page_view', id, visitor: `crash-v${who}`, url: `https://demo.example/p/${i}` }));
      sent += ids.length;
      let res: Response;
      try {
        res = await fetch(`${first.url}/api/collect`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      } catch {
        return; // the server died mid-request: these were never acknowledged
      }
      const text = await res.text().catch(() => '');
      if (res.status !== 202) throw new Error(`collect answered ${res.status}: ${text}`);
      const answer = JSON.parse(text) as { accepted: number };
      // A 202 with fewer accepted (e.g. dropped as a bot) would make "acknowledged" meaningless here.
      if (answer.accepted !== BATCH) throw new Error(`collect accepted ${answer.accepted} of ${BATCH}: ${text}`);
      for (const id of ids) acked.add(id);
    }
  };
  const senders = Array.from({ length: SENDERS }, (_, who) => sender(who));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  first.child.kill('SIGKILL');
  await exited(first.child, 10_000);
  sending = false;
  await Promise.all(senders);
  expect(acked.size).toBeGreaterThan(0);

  // What the store held at the moment of the kill; the rest must come back from the log.
  const atKill = await openDuckDbStore(dataDir);
  const storedAtKill = await atKill.countEvents('demo');
  await atKill.close();

  const second = await startServe(dataDir, port);
  second.child.kill('SIGTERM'); // graceful: flushes the writer, then exits 0
  expect(await exited(second.child, 30_000), second.output()).toBe(0);

  const store = await openDuckDbStore(dataDir);
  try {
    const reader = await store
      .connection()
      .runAndReadAll("SELECT id, count(*)::INTEGER AS copies FROM events WHERE site = 'demo' GROUP BY id");
    const copies = new Map(reader.getRowsJS().map((row) => [String(row[0]), Number(row[1])]));
    const missing = [...acked].filter((id) => !copies.has(id));
    const duplicated = [...copies].filter(([, n]) => n > 1);
    console.log(
      `crash test: sent ${sent}, acknowledged ${acked.size}, in store at kill ${storedAtKill}, ` +
        `after restart ${copies.size} distinct (${copies.size - acked.size} stored without an ack)`,
    );
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(await store.countEvents('demo')).toBe(copies.size);
    expect(copies.size).toBeLessThanOrEqual(sent);
  } finally {
    await store.close();
  }
});
