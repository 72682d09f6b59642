/**
 * The breakdown as a terminal table: one row per value with its first-step count, share, each
 * step's rate from the previous step, and the overall rate with its 95 % interval.
 */
import type { FunnelReport } from '../analysis/funnelReport.ts';
import type { BreakdownRow, FunnelBreakdown } from '../analysis/funnelExtrasReport.ts';
import { formatColumns } from './formatColumns.ts';
import type { Lang } from './formatFunnelTable.ts';
import { formatInterval, formatPercent } from './formatPercent.ts';

const TEXT = {
  en: { title: (d: string) => `By ${d} (value at the first step)`, share: 'Share', overall: 'Overall', ci: '95% CI', none: '(not set)', others: (n: number) => (n === 1 ? '(1 other value)' : `(${n} other values)`) },
  ja: { title: (d: string) => `${d} 別（最初のステップ時点の値）`, share: '構成比', overall: '全体', ci: '95%信頼区間', none: '（未設定）', others: (n: number) => `（その他 ${n} 件）` },
} as const;

export function formatBreakdownTable(breakdown: FunnelBreakdown, report: FunnelReport, lang: Lang): string {
  const t = TEXT[lang];
  const int = new Intl.NumberFormat('en-US');
  const labels = report.steps.map((s) => (lang === 'ja' ? s.label.ja : undefined) ?? s.label.en);
  const head = [breakdown.dimension, labels[0] ?? '', t.share, ...labels.slice(1).map((l) => `→ ${l}`), t.overall, t.ci];
  const line = (name: string, row: Omit<BreakdownRow, 'value'>): string[] => [
    name,
    int.format(row.steps[0]?.count ?? 0),
    formatPercent(row.share),
    ...row.steps.slice(1).map((s) => formatPercent(s.rateFromPrevious)),
    formatPercent(row.overallRate),
    formatInterval(row.overallCi),
  ];
  const rows = breakdown.rows.map((r) => line(r.value ?? t.none, r));
  if (breakdown.others) rows.push(line(t.others(breakdown.others.values), breakdown.others));
  return [t.title(breakdown.dimension), '', ...formatColumns([head, ...rows])].join('\n');
}
