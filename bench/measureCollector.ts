/**
 * Collector throughput against a real `midgoal serve` child process on 127.0.0.1 (its own temp
 * data folder, no demo seeding): batches of 100 events, then one event per request, each bounded
 * in requests and seconds. The child's peak RSS (VmHWM) covers startup and both loads.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { runHttpLoad } from './httpLoad.ts';
import type { LoadResult } from './httpLoad.ts';

const BIN = fileURLToPath(new URL('../bin/midgoal.js', import.meta.url));
const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const acceptedSchema = z.object({ accepted: z.number() });

export interface CollectorLimits {
  batchRequests: number;
  singleRequests: number;
  /** Upper bound per phase. */
  maxSeconds: number;
}

export interface CollectorResult {
  batched: LoadResult;
  single: LoadResult;
  peakRssMb: number;
}

/**
 * `bin` is the CLI entry to start (`bin/midgoal.js`); tests may point it elsewhere. `env` is added
 * to the child's environment, e.g. `{ MIDGOAL_STORE: 'clickhouse://…' }` to run the collector on
 * the ClickHouse store; without it the child uses the embedded store even when this shell has
 * MIDGOAL_STORE set.
 */
export async function measureCollector(
  dataDir: string,
  limits: CollectorLimits,
  log: (line: string) => void,
  bin: string = BIN,
  env: NodeJS.ProcessEnv = {},
): Promise<CollectorResult> {
  const server = await startServerProcess(dataDir, bin, env);
  try {
    const url = `${server.url}/api/collect`;
    const headers = { 'content-type': 'application/json', 'user-agent': BROWSER_UA };
    const acceptedIn = (text: string): number => {
      const parsed = acceptedSchema.safeParse(safeJson(text));
      return parsed.success ? parsed.data.accepted : 0;
    };
    const batchBodies = Array.from({ length: 64 }, (_, b) => Buffer.from(JSON.stringify(Array.from({ length: 100 }, (_, i) => wireEvent(b * 100 + i)))));
    const singleBodies = Array.from({ length: 1024 }, (_, i) => Buffer.from(JSON.stringify(wireEvent(i))));

    // Warm-up: JIT, UA cache, first log segment.
    await runHttpLoad({ url, bodies: batchBodies, headers, concurrency: 4, maxRequests: 40, maxSeconds: 10, eventsPerRequest: 100, acceptedIn });

    log(`  batched: up to ${limits.batchRequests} requests × 100 events, ${limits.maxSeconds} s at most…`);
    const batched = await runHttpLoad({
      url,
      bodies: batchBodies,
      headers,
      concurrency: 16,
      maxRequests: limits.batchRequests,
      maxSeconds: limits.maxSeconds,
      eventsPerRequest: 100,
      acceptedIn,
    });
    log(`  single: up to ${limits.singleRequests} requests × 1 event, ${limits.maxSeconds} s at most…`);
    const single = await runHttpLoad({
      url,
      bodies: singleBodies,
      headers,
      concurrency: 32,
      maxRequests: limits.singleRequests,
      maxSeconds: limits.maxSeconds,
      eventsPerRequest: 1,
      acceptedIn,
    });
    return { batched, single, peakRssMb: await peakRssMb(server.child.pid) };
  } finally {
    await stopProcess(server.child);
  }
}

/** A page view as the tracker sends it; the server stamps the time and the id. */
function wireEvent(i: number): Record<string, string> {
  return {
    site: 'demo',
    name: i % 5 === 0 ? 'view_item' : 'page_view',
    visitor: `load-${i % 5000}`,
    session: `s-${i % 5000}`,
    url: `https://demo-shop.example/products/item-${i % 40}?utm_source=google&utm_medium=cpc&gclid=bench${i}`,
    referrer: 'https://www.google.com/',
    title: `Bench product ${i % 40} | 北の雑貨店`,
  };
}

interface ServerProcess {
  child: ChildProcess;
  url: string;
}

async function startServerProcess(dataDir: string, bin: string, extraEnv: NodeJS.ProcessEnv): Promise<ServerProcess> {
  await mkdir(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, MIDGOAL_NO_DEMO: '1' };
  delete env.MIDGOAL_CONFIG;
  delete env.MIDGOAL_STORE;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, [bin, 'serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'], {
    cwd: dataDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`midgoal serve did not say "listening on" within 30 s. Its output:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start midgoal serve: ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`midgoal serve exited (code ${code}) before listening. Its output:\n${output}`));
    });
  });
  let url: string;
  try {
    url = await listening;
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, url };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Peak resident set size of a process (Linux /proc); 0 where unavailable. */
export async function peakRssMb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
