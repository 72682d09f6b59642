/**
 * A small closed-loop HTTP load generator: `concurrency` keep-alive connections each send the
 * next request as soon as the previous answer arrives, until `maxRequests` are done or
 * `maxSeconds` have passed, whichever comes first. Only for 127.0.0.1: the bench never loads
 * anything it did not start.
 */
import http from 'node:http';

export interface LoadOptions {
  url: string;
  /** Request bodies, sent round-robin (prepared up front so the client spends little CPU). */
  bodies: readonly Buffer[];
  headers: Record<string, string>;
  concurrency: number;
  maxRequests: number;
  maxSeconds: number;
  /** Events per body, for the events/s figure. */
  eventsPerRequest: number;
  /** Looks at each 2xx answer; returns how many events it says were accepted. */
  acceptedIn?: (body: string) => number;
}

export interface LoadResult {
  requests: number;
  ok: number;
  failed: number;
  /** First few non-2xx answers or errors, to print. */
  failures: string[];
  acceptedEvents: number;
  seconds: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU the load generator itself used, in % of one core: on a small machine it competes with the server. */
  clientCpuPercent: number;
}

export async function runHttpLoad(opts: LoadOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
    throw new Error(`The bench only loads a server on this machine (127.0.0.1), not ${target.hostname}.`);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies = new Float64Array(opts.maxRequests);
  const failures: string[] = [];
  let started = 0;
  let done = 0;
  let ok = 0;
  let accepted = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const deadline = t0 + opts.maxSeconds * 1000;

  const worker = async (): Promise<void> => {
    while (started < opts.maxRequests && performance.now() < deadline) {
      const body = opts.bodies[started % opts.bodies.length] ?? Buffer.alloc(0);
      started++;
      const sent = performance.now();
      const answer = await post(agent, target, body, opts.headers).catch((err: unknown) => ({
        status: 0,
        text: err instanceof Error ? err.message : String(err),
      }));
      latencies[done++] = performance.now() - sent;
      if (answer.status >= 200 && answer.status < 300) {
        ok++;
        accepted += opts.acceptedIn ? opts.acceptedIn(answer.text) : opts.eventsPerRequest;
      } else if (failures.length < 5) {
        failures.push(`${answer.status || 'error'}: ${answer.text.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();

  const sorted = latencies.slice(0, done).sort();
  return {
    requests: done,
    ok,
    failed: done - ok,
    failures,
    acceptedEvents: accepted,
    seconds,
    requestsPerSecond: ok / seconds,
    eventsPerSecond: accepted / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] ?? 0,
    clientCpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

function post(agent: http.Agent, url: URL, body: Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}
