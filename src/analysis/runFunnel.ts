/**
 * One funnel report: resolve the funnel and its micro-conversions from the loaded config, turn
 * the day range into UTC instants in the site's time zone, count in the store, shape the result.
 */
import type { Config, Label, Match, Site } from '../schema/config.ts';
import type { EventStore } from '../store/EventStore.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import type { FunnelReport } from './funnelReport.ts';
import { normalizeLabel } from './normalizeLabel.ts';
import { shapeFunnel } from './shapeFunnel.ts';
import { zonedDayStart } from './zonedDayStart.ts';

export interface DayRange {
  /** First day counted, YYYY-MM-DD in the site's time zone; open when omitted. */
  from?: string;
  /** Last day counted (inclusive), YYYY-MM-DD; open when omitted. */
  to?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Counts `funnelId` on `siteId` over `range` and shapes it into rates and intervals.
 * Throws NotFoundError for an unknown site, funnel or step, BadRequestError for a bad range.
 */
export async function runFunnel(
  store: EventStore,
  loaded: { config: Config; sites: ReadonlyMap<string, Site> },
  siteId: string,
  funnelId: string,
  range: DayRange = {},
): Promise<FunnelReport> {
  const site = loaded.sites.get(siteId);
  if (!site) {
    const known = listIds([...loaded.sites.keys()]);
    throw new NotFoundError(
      `Unknown site "${siteId}". Sites in midgoal.yaml: ${known}.`,
      `サイト「${siteId}」はありません。midgoal.yaml のサイト: ${known}`,
    );
  }
  const funnel = loaded.config.funnels.find((f) => f.id === funnelId);
  const forSite = loaded.config.funnels.filter((f) => f.sites === undefined || f.sites.includes(siteId));
  if (!funnel || (funnel.sites !== undefined && !funnel.sites.includes(siteId))) {
    const known = listIds(forSite.map((f) => f.id));
    const why = funnel ? ` is not set up for site "${siteId}" (its sites: ${funnel.sites?.join(', ')})` : ' does not exist';
    const whyJa = funnel ? `はサイト「${siteId}」向けではありません（対象: ${funnel.sites?.join(', ')}）` : 'はありません';
    throw new NotFoundError(
      `Funnel "${funnelId}"${why}. Funnels for site "${siteId}": ${known}.`,
      `ファネル「${funnelId}」${whyJa}。サイト「${siteId}」のファネル: ${known}`,
    );
  }

  const steps = funnel.steps.map((step, k) => {
    const id = typeof step === 'string' ? step : step.id;
    const mc = loaded.config.microConversions.find((m) => m.id === id);
    if (!mc) {
      const known = listIds(loaded.config.microConversions.map((m) => m.id));
      throw new NotFoundError(
        `Funnel "${funnelId}" step ${k + 1} refers to micro-conversion "${id}", which midgoal.yaml does not define. Define it under microConversions or use one of: ${known}.`,
        `ファネル「${funnelId}」の ${k + 1} 番目のステップが参照するマイクロコンバージョン「${id}」が midgoal.yaml にありません。microConversions に定義するか、次のいずれかを使ってください: ${known}`,
      );
    }
    const label: Label = (typeof step === 'string' ? undefined : step.label) ?? mc.label ?? id;
    const match: Match = mc.match;
    return { id, label, match };
  });

  const from = range.from === undefined ? undefined : parseDay(range.from, 'from');
  const to = range.to === undefined ? undefined : parseDay(range.to, 'to');
  if (from && to && from.utc > to.utc) {
    throw new BadRequestError(
      `The range starts (${range.from}) after it ends (${range.to}); give from <= to.`,
      `期間の開始日（${range.from}）が終了日（${range.to}）より後です。from は to 以前の日付にしてください。`,
    );
  }
  const counts = await store.funnelCounts({
    site: siteId,
    steps: steps.map((s) => s.match),
    windowSeconds: funnel.window,
    ...(from ? { from: zonedDayStart(from.year, from.month, from.day, site.timezone) } : {}),
    // `to` is inclusive: count up to the start of the next day.
    ...(to ? { to: nextDayStart(to, site.timezone) } : {}),
  });
  return {
    site: siteId,
    funnel: funnelId,
    label: normalizeLabel(funnel.label ?? funnelId),
    window: funnel.window,
    from: range.from ?? null,
    to: range.to ?? null,
    ...shapeFunnel(counts, steps),
  };
}

interface Day {
  year: number;
  month: number;
  day: number;
  /** UTC midnight of that date, for comparing days. */
  utc: number;
}

function parseDay(text: string, field: 'from' | 'to'): Day {
  const m = DATE.exec(text);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  const utc = Date.UTC(year, month - 1, day);
  const back = new Date(utc);
  if (!m || back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || year < 1970) {
    throw new BadRequestError(
      `${field} must be a real date written YYYY-MM-DD, such as 2026-11-01; got "${text}".`,
      `${field} には 2026-11-01 のような YYYY-MM-DD 形式の実在する日付を指定してください（指定値: "${text}"）。`,
    );
  }
  return { year, month, day, utc };
}

function nextDayStart(day: Day, timeZone: string): number {
  const next = new Date(day.utc + DAY_MS);
  return zonedDayStart(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
}

function listIds(ids: readonly string[]): string {
  return ids.length === 0 ? '(none)' : ids.join(', ');
}
