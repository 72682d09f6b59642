/**
 * The dashboard's only door to the server: a typed client for the JSON API (docs/API.md).
 * Responses are checked with zod/mini (a few kB) so a server/dashboard version mismatch shows up
 * as a clear error instead of a blank chart.
 */
import * as z from 'zod/mini';

const labelSchema = z.object({ en: z.string(), ja: z.optional(z.string()) });
export type LocalizedLabel = z.infer<typeof labelSchema>;

const funnelSummarySchema = z.object({
  id: z.string(),
  label: labelSchema,
  steps: z.array(z.object({ id: z.string(), label: labelSchema })),
  windowSeconds: z.number(),
});
export type FunnelSummary = z.infer<typeof funnelSummarySchema>;

const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  funnels: z.array(funnelSummarySchema),
});
export type SiteSummary = z.infer<typeof siteSchema>;

const sitesSchema = z.object({ sites: z.array(siteSchema) });

const stepReportSchema = z.object({
  id: z.string(),
  label: labelSchema,
  count: z.number(),
  rateFromPrevious: z.nullable(z.number()),
  rateFromStart: z.number(),
  /** Visitors lost since the previous step (0 for the first step). */
  dropOff: z.number(),
  ci: z.nullable(z.object({ low: z.number(), high: z.number() })),
});
export type StepReport = z.infer<typeof stepReportSchema>;

const funnelReportSchema = z.object({
  site: z.string(),
  funnel: z.string(),
  label: labelSchema,
  window: z.number(),
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
  overallRate: z.number(),
  steps: z.array(stepReportSchema),
});
export type FunnelReport = z.infer<typeof funnelReportSchema>;

const healthSchema = z.object({ ok: z.boolean(), events: z.number(), lag: z.number() });
export type Health = z.infer<typeof healthSchema>;

const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), message_ja: z.optional(z.string()) }),
});

/** Failures the client itself detects; their wording lives in the dictionary (messages.ts). */
export type ClientErrorCode = 'network' | 'http' | 'bad_response';

export function isClientErrorCode(code: string): code is ClientErrorCode {
  return code === 'network' || code === 'http' || code === 'bad_response';
}

/**
 * An error to show the operator. `fromServer` holds the API's own message (and Japanese one) when it
 * sent one; otherwise the UI words the error from `code`.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly fromServer: LocalizedLabel | null,
    readonly status: number | null,
    detail: string,
  ) {
    super(fromServer?.en ?? detail);
    this.name = 'ApiError';
  }
}

export interface DateRange {
  /** First day, YYYY-MM-DD in the site's time zone. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

export function fetchSites(signal?: AbortSignal): Promise<SiteSummary[]> {
  return getJson('/api/sites', sitesSchema, signal).then((body) => body.sites);
}

export function fetchFunnel(
  site: string,
  funnel: string,
  range: DateRange,
  signal?: AbortSignal,
): Promise<FunnelReport> {
  const qs = new URLSearchParams({ from: range.from, to: range.to });
  const path = `/api/sites/${encodeURIComponent(site)}/funnels/${encodeURIComponent(funnel)}?${qs}`;
  return getJson(path, funnelReportSchema, signal);
}

export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return getJson('/api/health', healthSchema, signal);
}

async function getJson<T>(path: string, schema: z.ZodMiniType<T>, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw clientError('network', null, `fetch ${path} failed: ${String(err)}`);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const parsed = errorBodySchema.safeParse(body);
    if (!parsed.success) throw clientError('http', res.status, `${res.status} ${res.statusText} for ${path}`);
    const { code, message, message_ja } = parsed.data.error;
    throw new ApiError(code, message_ja === undefined ? { en: message } : { en: message, ja: message_ja }, res.status, message);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw clientError('bad_response', res.status, `unexpected response shape from ${path}`);
  return parsed.data;
}

function clientError(code: ClientErrorCode, status: number | null, detail: string): ApiError {
  return new ApiError(code, null, status, detail);
}
