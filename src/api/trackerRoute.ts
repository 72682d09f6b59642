/**
 * GET /t.js — the browser tracker (src/tracker/), and GET /t.js.integrity — its Subresource
 * Integrity value for `<script integrity="…">`. docs/TRACKING.md shows the tag.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { buildTracker, type BuiltTracker } from '../tracker/buildTracker.ts';
import { errorResponse } from './errorResponse.ts';

/**
 * An hour fresh, then revalidated with the ETag (a 304 costs a few bytes); a stale copy may be
 * used for a day while that happens. After an upgrade visitors get the new script within the hour.
 */
export const TRACKER_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

export interface TrackerRouteOptions {
  /** How the script is made; tests pass a stub. Called once, at the first request. */
  build?: () => Promise<BuiltTracker>;
}

type Encoding = 'br' | 'gzip' | 'identity';

interface Served {
  bodies: Record<Encoding, Uint8Array<ArrayBuffer>>;
  /** Strong ETag per encoding: the bytes on the wire differ, so the tags must too. */
  etags: Record<Encoding, string>;
  integrity: string;
}

/**
 * The script is built on the first request and kept in memory: the same bytes for every
 * request of this server's life, already compressed (brotli, gzip), with a strong ETag and a
 * 304 for a matching If-None-Match. A failed build answers 503 and is retried on the next
 * request. The script may be loaded from any site (`Access-Control-Allow-Origin: *`), which a
 * cross-origin `<script integrity crossorigin>` needs.
 *
 * @example
 * app.route('/', createTrackerRoute());
 */
export function createTrackerRoute(options: TrackerRouteOptions = {}): Hono {
  const build = options.build ?? buildTracker;
  let served: Promise<Served> | undefined;
  const load = (): Promise<Served> => {
    served ??= build()
      .then(toServed)
      .catch((err: unknown) => {
        served = undefined;
        throw err;
      });
    return served;
  };

  const app = new Hono();
  app.get('/t.js', async (c) => {
    const script = await loadOr503(c, load);
    if (script instanceof Response) return script;
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    const etag = script.etags[encoding];
    c.header('Cache-Control', TRACKER_CACHE_CONTROL);
    c.header('ETag', etag);
    c.header('Vary', 'Accept-Encoding');
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/javascript; charset=utf-8');
    if (encoding !== 'identity') c.header('Content-Encoding', encoding);
    return c.body(script.bodies[encoding]);
  });
  app.get('/t.js.integrity', async (c) => {
    const script = await loadOr503(c, load);
    if (script instanceof Response) return script;
    c.header('Cache-Control', 'no-cache');
    return c.text(`${script.integrity}\n`);
  });
  return app;
}

async function loadOr503(c: Context, load: () => Promise<Served>): Promise<Served | Response> {
  try {
    return await load();
  } catch (err) {
    console.error('[tracker] building /t.js failed:', err);
    return errorResponse(
      c,
      503,
      'tracker_unavailable',
      'The tracking script could not be built; the server log has details. Try again in a moment.',
      '計測スクリプトを作成できませんでした。詳細はサーバーログを確認し、少し待ってから再度お試しください。',
    );
  }
}

function toServed(built: BuiltTracker): Served {
  const tag = createHash('sha256').update(built.code).digest('base64url').slice(0, 27);
  return {
    // Copies in plain ArrayBuffers, the body type Response takes.
    bodies: { br: new Uint8Array(built.brotli), gzip: new Uint8Array(built.gzip), identity: new Uint8Array(built.code) },
    etags: { br: `"${tag}-br"`, gzip: `"${tag}-gz"`, identity: `"${tag}"` },
    integrity: built.integrity,
  };
}

/** Brotli, else gzip, else none, as the client allows (`q=0` refuses a coding). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}

/** If-None-Match uses weak comparison: `W/"x"` matches `"x"`; `*` matches anything. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}
