import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BacklogFullError } from '../ingest/boundedSink.ts';
import type { IngestSink } from '../ingest/IngestSink.ts';
import type { Site } from '../schema/config.ts';
import { checkContentType } from '../collect/checkContentType.ts';
import { collectError, type CollectError } from '../collect/collectError.ts';
import type { CollectOutcome, RejectedEvent } from '../collect/collectTypes.ts';
import { corsAllowOrigin } from '../collect/corsAllowOrigin.ts';
import { createCollector } from '../collect/createCollector.ts';
import { DropCounters } from '../collect/DropCounters.ts';
import { parseCollectBody } from '../collect/parseCollectBody.ts';

export interface CollectRouteDeps {
  sink: IngestSink;
  /** Configured sites by id, read per request so config reloads apply at once. */
  sites: () => ReadonlyMap<string, Site>;
  /** Shared with the health endpoint; a private one is made when omitted. */
  counters?: DropCounters;
  now?: () => number;
  /**
   * Take the client IP from X-Forwarded-For (only behind a reverse proxy that sets it). Off by
   * default: anyone can send that header and pick their own cookieless visitor id.
   */
  trustProxy?: boolean;
}

/** Bodies over this are refused before they are buffered: 500 events fit with room to spare. */
export const MAX_COLLECT_BODY_BYTES = 1024 * 1024;

/** The 202 body: how many events were stored, which were not and why, and how many bots were ignored. */
export interface CollectAcceptedBody {
  accepted: number;
  rejected: RejectedEvent[];
  dropped: { bot: number };
}

/**
 * POST / — the event collector (one event or an array of up to 500, JSON or sendBeacon
 * text/plain), plus the CORS preflight. Answers 202 only after the ingest sink has made the
 * accepted events durable.
 *
 * @example
 * app.route('/api/collect', createCollectRoute({ sink, sites: () => config.sitesById, counters }));
 */
export function createCollectRoute(deps: CollectRouteDeps): Hono {
  const counters = deps.counters ?? new DropCounters();
  const collect = createCollector({ sites: deps.sites, counters, now: deps.now });
  const app = new Hono();

  app.options('/', (c) => {
    const allow = corsAllowOrigin(c.req.header('origin') ?? null, deps.sites().values());
    setCors(c, allow);
    if (allow !== null) {
      c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
      c.header('Access-Control-Allow-Headers', 'Content-Type');
      c.header('Access-Control-Max-Age', '86400');
    }
    return c.body(null, 204);
  });

  app.post(
    '/',
    bodyLimit({
      maxSize: MAX_COLLECT_BODY_BYTES,
      onError: (c) => {
        // The rest of the body is never read, so this connection cannot carry another request.
        c.header('Connection', 'close');
        return sendError(c, collectError('body_too_large'), allSitesCors(c, deps));
      },
    }),
    async (c) => {
      const origin = c.req.header('origin') ?? null;
      const badType = checkContentType(c.req.header('content-type'));
      if (badType) return sendError(c, badType, allSitesCors(c, deps));

      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await c.req.arrayBuffer());
      } catch {
        return sendError(c, collectError('malformed_json', 'the body could not be read completely'), allSitesCors(c, deps));
      }
      const parsed = parseCollectBody(bytes);
      if (!parsed.ok) return sendError(c, parsed.error, allSitesCors(c, deps));

      const outcome = collect(parsed.items, {
        ip: clientIp(c, deps.trustProxy === true),
        userAgent: c.req.header('user-agent') ?? '',
        origin,
      });
      const cors = batchCors(origin, parsed.items, deps.sites());

      if (outcome.accepted.length === 0 && outcome.droppedBots === 0) {
        return sendError(c, nothingAccepted(outcome), cors, outcome.rejected);
      }
      if (outcome.accepted.length > 0) {
        try {
          await deps.sink.append(outcome.accepted);
        } catch (err) {
          if (err instanceof BacklogFullError) {
            c.header('Retry-After', '30');
            return sendError(c, collectError('backlog_full', err.message), cors);
          }
          console.error('[collect] the ingest log refused a batch:', err);
          return sendError(c, collectError('sink_unavailable'), cors);
        }
      }
      setCors(c, cors);
      const body: CollectAcceptedBody = {
        accepted: outcome.accepted.length,
        rejected: outcome.rejected,
        dropped: { bot: outcome.droppedBots },
      };
      return c.json(body, 202);
    },
  );
  return app;
}

/** 404 when every event named an unknown site, 403 when every one came from a foreign origin, else 400. */
function nothingAccepted(outcome: CollectOutcome): CollectError {
  const reasons = new Set(outcome.rejected.map((r) => r.reason));
  const first = outcome.rejected[0];
  const firstError = first?.errors[0];
  const detail = first && firstError ? `event ${first.index}${firstError.path ? `, ${firstError.path}` : ''}: ${firstError.message}` : undefined;
  if (reasons.size === 1 && reasons.has('unknown_site')) return collectError('unknown_site', detail);
  if (reasons.size === 1 && reasons.has('origin_not_allowed')) return collectError('origin_not_allowed', detail);
  return collectError('invalid_events', detail);
}

function sendError(c: Context, error: CollectError, cors: string | null, rejected?: RejectedEvent[]): Response {
  setCors(c, cors);
  return c.json(rejected ? { ...error.body, rejected } : error.body, error.status);
}

function setCors(c: Context, allow: string | null): void {
  if (allow === null) return;
  c.header('Access-Control-Allow-Origin', allow);
  if (allow !== '*') c.header('Vary', 'Origin');
}

/** Before the body is read we only know that some site must allow the page. */
function allSitesCors(c: Context, deps: CollectRouteDeps): string | null {
  return corsAllowOrigin(c.req.header('origin') ?? null, deps.sites().values());
}

/** After parsing, the sites the batch names decide; a batch naming no known site falls back to all. */
function batchCors(origin: string | null, items: readonly unknown[], sites: ReadonlyMap<string, Site>): string | null {
  const named = new Set<Site>();
  for (const item of items) {
    const id = item !== null && typeof item === 'object' && 'site' in item ? item.site : undefined;
    const site = typeof id === 'string' ? sites.get(id) : undefined;
    if (site) named.add(site);
  }
  return corsAllowOrigin(origin, named.size > 0 ? named : sites.values());
}

/** First X-Forwarded-For entry (a proxy in front), else the socket peer; '' in tests without a socket. */
function clientIp(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for') : undefined;
  if (forwarded) {
    const first = forwarded.split(',')[0]?.trim();
    if (first) return first;
  }
  const env: unknown = c.env;
  if (env !== null && typeof env === 'object' && 'incoming' in env) {
    const incoming: unknown = env.incoming;
    if (incoming !== null && typeof incoming === 'object' && 'socket' in incoming) {
      const socket: unknown = incoming.socket;
      if (socket !== null && typeof socket === 'object' && 'remoteAddress' in socket) {
        const address: unknown = socket.remoteAddress;
        if (typeof address === 'string') return address;
      }
    }
  }
  return '';
}
