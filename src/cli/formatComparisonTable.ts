/**
 * The comparison with the previous period as a terminal table: counts before → now, the step's
 * rate before → now, the change in points with its 95 % interval, and a verdict that only says
 * "up" or "down" when that interval excludes 0 (comparePeriods.ts says what the test is).
 */
import type { FunnelReport } from '../analysis/funnelReport.ts';
import type { PeriodComparison } from '../analysis/funnelExtrasReport.ts';
import { formatColumns } from './formatColumns.ts';
import type { Lang } from './formatFunnelTable.ts';
import { formatPercent, formatPoints } from './formatPercent.ts';

const TEXT = {
  en: {
    title: (p: PeriodComparison) => `Compared with ${p.previous.from} – ${p.previous.to} (the same number of days before)`,
    head: ['Step', 'Before → now', 'Rate before → now', 'Change', '95% CI of change', 'Verdict'],
    overall: 'Overall',
    up: '▲ up',
    down: '▼ down',
    unclear: 'no clear change',
    note: 'Verdict: the 95% Newcombe interval of the change excludes 0, each step on its own. Overlapping intervals are not the test.',
  },
  ja: {
    title: (p: PeriodComparison) => `${p.previous.from} 〜 ${p.previous.to}（直前の同じ日数）との比較`,
    head: ['ステップ', '前 → 今', '遷移率 前 → 今', '変化', '変化の95%信頼区間', '判定'],
    overall: '全体',
    up: '▲ 上昇',
    down: '▼ 低下',
    unclear: '明確な差なし',
    note: '判定: 変化の 95% 信頼区間（Newcombe 法）が 0 を含まないとき上昇・低下とします（ステップごとに判定）。',
  },
} as const;

export function formatComparisonTable(comparison: PeriodComparison, report: FunnelReport, lang: Lang): string {
  const t = TEXT[lang];
  const int = new Intl.NumberFormat('en-US');
  const labels = report.steps.map((s) => (lang === 'ja' ? s.label.ja : undefined) ?? s.label.en);
  const line = (name: string, c: PeriodComparison['overall']): string[] => [
    name,
    `${int.format(c.previous.count)} → ${int.format(c.current.count)}`,
    c.change ? `${formatPercent(c.previous.rate)} → ${formatPercent(c.current.rate)}` : '—',
    c.change ? formatPoints(c.change.absolute) : '—',
    c.change ? `${formatPoints(c.change.low)} … ${formatPoints(c.change.high)}` : '—',
    c.significant === null ? '' : c.significant ? ((c.change?.absolute ?? 0) > 0 ? t.up : t.down) : t.unclear,
  ];
  const rows = comparison.steps.map((s, k) => line(labels[k] ?? s.id, s));
  rows.push(line(t.overall, comparison.overall));
  return [t.title(comparison), '', ...formatColumns([[...t.head], ...rows]), '', t.note].join('\n');
}
