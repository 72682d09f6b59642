/**
 * A funnel id and a day range → everything needed to evaluate it: the site, the steps with their
 * labels, and the store's FunnelQuery (matches, window, order, unit, step windows, exclusions,
 * range as UTC instants cut in the site's time zone). Shared by the report and the dropped export
 * so both count the same units.
 */
import { funnelStepWindows, type Config, type Funnel, type Label, type Match, type Site } from '../schema/config.ts';
import type { CountingUnit, FunnelOrder, FunnelQuery } from '../store/EventStore.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { epochDayFromDate, dateFromEpochDay } from './epochDay.ts';
import { zonedDayStart } from './zonedDayStart.ts';

export interface DayRange {
  /** First day counted, YYYY-MM-DD in the site's time zone; open when omitted. */
  from?: string;
  /** Last day counted (inclusive), YYYY-MM-DD; open when omitted. */
  to?: string;
}

export interface ResolvedFunnel {
  site: Site;
  funnel: Funnel;
  steps: { id: string; label: Label; match: Match }[];
  unit: CountingUnit;
  order: FunnelOrder;
  query: FunnelQuery;
}

export interface LoadedForFunnels {
  config: Config;
  sites: ReadonlyMap<string, Site>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws NotFoundError for an unknown site, funnel or step, BadRequestError for a bad range. */
export function resolveFunnelQuery(loaded: LoadedForFunnels, siteId: string, funnelId: string, range: DayRange = {}): ResolvedFunnel {
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

  const matchOf = (id: string, where: string, whereJa: string): Match => {
    const mc = loaded.config.microConversions.find((m) => m.id === id);
    if (mc) return mc.match;
    const known = listIds(loaded.config.microConversions.map((m) => m.id));
    throw new NotFoundError(
      `Funnel "${funnelId}" ${where} refers to micro-conversion "${id}", which midgoal.yaml does not define. Define it under microConversions or use one of: ${known}.`,
      `ファネル「${funnelId}」の${whereJa}が参照するマイクロコンバージョン「${id}」が midgoal.yaml にありません。microConversions に定義するか、次のいずれかを使ってください: ${known}`,
    );
  };
  const steps = funnel.steps.map((step, k) => {
    const id = typeof step === 'string' ? step : step.id;
    const match = matchOf(id, `step ${k + 1}`, ` ${k + 1} 番目のステップ`);
    const mcLabel = loaded.config.microConversions.find((m) => m.id === id)?.label;
    const label: Label = (typeof step === 'string' ? undefined : step.label) ?? mcLabel ?? id;
    return { id, label, match };
  });

  const exclusions = (funnel.exclude ?? []).map((id, i) => matchOf(id, `exclude ${i + 1}`, `除外条件（exclude）の ${i + 1} 番目`));
  const stepWindows = funnelStepWindows(funnel);

  const from = range.from === undefined ? undefined : parseDay(range.from, 'from');
  const to = range.to === undefined ? undefined : parseDay(range.to, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new BadRequestError(
      `The range starts (${range.from}) after it ends (${range.to}); give from <= to.`,
      `期間の開始日（${range.from}）が終了日（${range.to}）より後です。from は to 以前の日付にしてください。`,
    );
  }
  const query: FunnelQuery = {
    site: siteId,
    steps: steps.map((s) => s.match),
    windowSeconds: funnel.window,
    ...(funnel.order !== undefined ? { order: funnel.order } : {}),
    ...(funnel.unit !== undefined ? { unit: funnel.unit } : {}),
    ...(stepWindows ? { stepWindows } : {}),
    ...(exclusions.length > 0 ? { exclusions } : {}),
    ...(from !== undefined ? { from: dayStart(from, site.timezone) } : {}),
    // `to` is inclusive: count up to the start of the next day.
    ...(to !== undefined ? { to: dayStart(to + 1, site.timezone) } : {}),
  };
  return { site, funnel, steps, unit: funnel.unit ?? 'visitor', order: funnel.order ?? 'sequential', query };
}

/** YYYY-MM-DD → epoch day, or a BadRequestError naming the field. */
export function parseDay(text: string, field: string): number {
  const m = DATE.exec(text);
  const day = m ? epochDayFromDate(text) : NaN;
  if (!m || !Number.isFinite(day) || dateFromEpochDay(day) !== text || day < 0) {
    throw new BadRequestError(
      `${field} must be a real date written YYYY-MM-DD, such as 2026-11-01; got "${text}".`,
      `${field} には 2026-11-01 のような YYYY-MM-DD 形式の実在する日付を指定してください（指定値: "${text}"）。`,
    );
  }
  return day;
}

/** The first instant (ms) of an epoch day in the site's zone. */
function dayStart(day: number, timeZone: string): number {
  const [y, m, d] = dateFromEpochDay(day).split('-').map(Number);
  return zonedDayStart(y ?? 1970, m ?? 1, d ?? 1, timeZone);
}

function listIds(ids: readonly string[]): string {
  return ids.length === 0 ? '(none)' : ids.join(', ');
}
