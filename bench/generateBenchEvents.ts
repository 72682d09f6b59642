/**
 * Reproducible bench data: N events over V visitors of the 6-step shop funnel, the same for a seed
 * on every machine and in every engine. Visitors are generated in order from one seeded stream, so
 * DuckDB (StoredEvent chunks) and ClickHouse (TSV text) receive identical rows without holding
 * 10M events in memory. Timestamps are whole seconds: ClickHouse 18's windowFunnel takes UInt32.
 */
import type { StoredEvent } from '../src/schema/storedEvent.ts';
import type { FunnelQuery } from '../src/store/EventStore.ts';
import { createRandom } from '../src/demo/createRandom.ts';

export const BENCH_SITE = 'bench';

/** The shop funnel: visit → detail → cart → info form → confirm → purchase (GA4 names). */
export const BENCH_STEPS = ['page_view', 'view_item', 'add_to_cart', 'begin_checkout', 'add_payment_info', 'purchase'] as const;
export const BENCH_WINDOW_SECONDS = 7 * 86_400;

/** Chance to go one step further, per step: the article's 80%, 30%, 30%, 75%, 50%. */
const STEP_RATES = [0.8, 0.3, 0.3, 0.75, 0.5] as const;

/** Step events first (index = step), then events that are no step. */
export const BENCH_NAMES = [...BENCH_STEPS, 'view_item_list', 'page_engagement', 'view_cart', 'sign_up'] as const;
const FILLERS: readonly number[] = [0, 0, 0, 0, 6, 6, 7, 7, 7, 1, 1, 8, 9];
const PATHS = ['/', '/collections/tea', '/products/hojicha', '/products/kettle', '/cart', '/checkout/info', '/checkout/confirm', '/checkout/thanks', '/faq', '/shipping'];
const DEVICES = ['mobile', 'mobile', 'desktop', 'tablet'] as const;
const CHANNELS = ['organic_search', 'direct', 'paid_search', 'social', 'email'] as const;

export interface BenchSpec {
  events: number;
  visitors: number;
  seed: number;
  /** First possible event time, ms since the epoch (fixed, so runs are comparable). */
  start: number;
  /** Visitors arrive over this many days. */
  days: number;
}

export const DEFAULT_BENCH_START = Date.UTC(2026, 0, 5);

export function benchSpec(events: number, visitors: number, seed = 42): BenchSpec {
  return { events, visitors, seed, start: DEFAULT_BENCH_START, days: 28 };
}

/** The funnel both engines evaluate. */
export function benchFunnelQuery(): FunnelQuery {
  return { site: BENCH_SITE, steps: BENCH_STEPS.map((event) => ({ event })), windowSeconds: BENCH_WINDOW_SECONDS };
}

/** Receives one visitor's events, in time order. */
export type BenchEventSink = (visitor: number, index: number, tsSeconds: number, name: number) => void;

export interface BenchCursor {
  /** Visitors generated so far. */
  readonly visitor: number;
  /** Generates the next visitor's events into `sink`; false when all visitors are done. */
  nextVisitor(sink: BenchEventSink): boolean;
}

/**
 * Per visitor: a funnel level drawn from the step rates, its step events in order among filler
 * events, seconds to minutes apart, sometimes a break of days (so some chains fall outside the
 * 7-day window) and sometimes two steps swapped (out of order): both engines must agree on those.
 */
export function createBenchCursor(spec: BenchSpec): BenchCursor {
  // The project's one seeded PRNG (mulberry32), so a seed gives the same data everywhere.
  const rand = createRandom(spec.seed).next;
  const base = Math.floor(spec.events / spec.visitors);
  const remainder = spec.events - base * spec.visitors;
  const startSeconds = Math.floor(spec.start / 1000);
  const spanSeconds = spec.days * 86_400;
  const names = new Int8Array(2 * base + 2);
  let pairDelta = 0;
  let v = 0;

  const cursor = {
    get visitor() {
      return v;
    },
    nextVisitor(sink: BenchEventSink): boolean {
      if (v >= spec.visitors) return false;
      // Pairs of visitors share 2 × base events, split unevenly: the total stays exact.
      if (v % 2 === 0) pairDelta = v + 1 < spec.visitors && base > 1 ? Math.floor(rand() * (2 * base - 1)) - (base - 1) : 0;
      const count = base + (v % 2 === 0 ? pairDelta : -pairDelta) + (v < remainder ? 1 : 0);

      let level = 1;
      while (level < 6 && rand() < (STEP_RATES[level - 1] ?? 0)) level++;
      level = Math.min(level, count);

      // Spread the chain's steps over the visitor's events; fillers elsewhere.
      let nextStep = 0;
      for (let i = 0; i < count; i++) {
        const left = count - i;
        const stepsLeft = level - nextStep;
        if (stepsLeft > 0 && (i === 0 || left === stepsLeft || rand() * left < stepsLeft + 0.5)) names[i] = nextStep++;
        else {
          // A filler may repeat a step the visitor reaches anyway, never a later one.
          const filler = FILLERS[Math.floor(rand() * FILLERS.length)] ?? 0;
          names[i] = filler < BENCH_STEPS.length && filler >= level ? 7 : filler;
        }
      }
      if (level >= 3 && rand() < 0.03) {
        // Out of order: the first add_to_cart and the first view_item change places.
        const a = names.indexOf(1);
        const b = names.indexOf(2);
        names[a] = 2;
        names[b] = 1;
      }

      let ts = startSeconds + Math.floor(rand() * spanSeconds);
      for (let i = 0; i < count; i++) {
        sink(v, i, ts, names[i] ?? 0);
        ts += rand() < 0.04 ? 86_400 + Math.floor(rand() * 4 * 86_400) : 1 + Math.floor(rand() * 300);
      }
      v++;
      return true;
    },
  };
  return cursor;
}

/** StoredEvent batches of about `chunkSize` events (whole visitors), for store.append. */
export function* benchEventChunks(spec: BenchSpec, chunkSize: number): Generator<StoredEvent[]> {
  const cursor = createBenchCursor(spec);
  let chunk: StoredEvent[] = [];
  const push: BenchEventSink = (v, i, tsSeconds, name) => {
    chunk.push(benchStoredEvent(v, i, tsSeconds, name));
  };
  while (cursor.nextVisitor(push)) {
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** TSV text for ClickHouse (site, ts UInt32 seconds, name, visitor), about `chunkLines` lines a piece. */
export function* benchTsvChunks(spec: BenchSpec, chunkLines: number): Generator<string> {
  const cursor = createBenchCursor(spec);
  let lines: string[] = [];
  const push: BenchEventSink = (v, _i, tsSeconds, name) => {
    lines.push(`${BENCH_SITE}\t${tsSeconds}\t${BENCH_NAMES[name] ?? 'page_view'}\tv${v}\n`);
  };
  while (cursor.nextVisitor(push)) {
    if (lines.length >= chunkLines) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('');
}

/** A literal with every column (not blankStoredEvent + edits): one object shape, ~2× faster. */
function benchStoredEvent(v: number, i: number, tsSeconds: number, name: number): StoredEvent {
  const ts = tsSeconds * 1000;
  const path = PATHS[(v + i) % PATHS.length] ?? '/';
  const purchase = name === 5;
  return {
    id: `b${v}-${i}`,
    site: BENCH_SITE,
    ts,
    name: BENCH_NAMES[name] ?? 'page_view',
    visitor: `v${v}`,
    session: '',
    url: `https://bench-shop.example${path}`,
    path,
    referrer: null,
    title: null,
    channel: CHANNELS[v % CHANNELS.length] ?? 'direct',
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    utm_content: null,
    utm_term: null,
    gclid: null,
    device: DEVICES[v % DEVICES.length] ?? 'other',
    browser: null,
    os: null,
    country: null,
    props: null,
    value: purchase ? 4980 : null,
    currency: purchase ? 'JPY' : null,
    items: null,
    received: ts,
  };
}
