/**
 * The trend as a terminal table: one row per day, week or month with the first step's count, each
 * step's rate from the previous one, and the overall rate with its 95 % interval. A `*` marks a
 * bucket the range covers only in part.
 */
import type { FunnelReport } from '../analysis/funnelReport.ts';
import type { FunnelTrend } from '../analysis/funnelExtrasReport.ts';
import { formatColumns } from './formatColumns.ts';
import type { Lang } from './formatFunnelTable.ts';
import { formatInterval, formatPercent } from './formatPercent.ts';

const TEXT = {
  en: {
    title: { day: 'Daily', week: 'Weekly (ISO weeks, Monday first)', month: 'Monthly' },
    by: (tz: string) => `by the day of the first step, ${tz}`,
    period: { day: 'Day', week: 'Week', month: 'Month' },
    overall: 'Overall',
    ci: '95% CI',
    partial: '* only part of this period is in the range',
  },
  ja: {
    title: { day: '日別', week: '週別（ISO 週、月曜始まり）', month: '月別' },
    by: (tz: string) => `最初のステップの日付で集計、${tz}`,
    period: { day: '日', week: '週', month: '月' },
    overall: '全体',
    ci: '95%信頼区間',
    partial: '* 期間の一部だけが範囲に入っています',
  },
} as const;

export function formatTrendTable(trend: FunnelTrend, report: FunnelReport, lang: Lang): string {
  const t = TEXT[lang];
  const int = new Intl.NumberFormat('en-US');
  const labels = report.steps.map((s) => (lang === 'ja' ? s.label.ja : undefined) ?? s.label.en);
  const head = [t.period[trend.interval], labels[0] ?? '', ...labels.slice(1).map((l) => `→ ${l}`), t.overall, t.ci];
  const rows = trend.buckets.map((b) => [
    `${b.label}${trend.interval === 'week' ? ` (${b.start.slice(5)})` : ''}${b.partial ? '*' : ''}`,
    int.format(b.steps[0]?.count ?? 0),
    ...b.steps.slice(1).map((s) => formatPercent(s.rateFromPrevious)),
    formatPercent(b.overallRate),
    formatInterval(b.overallCi),
  ]);
  const footer = trend.buckets.some((b) => b.partial) ? ['', t.partial] : [];
  return [`${t.title[trend.interval]} · ${t.by(trend.timezone)}`, '', ...formatColumns([head, ...rows]), ...footer].join('\n');
}
