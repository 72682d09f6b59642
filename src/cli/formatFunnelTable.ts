/**
 * The funnel report as a terminal table: label, count, step rate, overall rate, drop-off.
 */
import stringWidth from 'string-width';
import type { FunnelReport } from '../analysis/funnelReport.ts';
import { formatInterval, formatPercent } from './formatPercent.ts';

export type Lang = 'en' | 'ja';

const HEAD: Record<Lang, string[]> = {
  en: ['Step', 'Visitors', 'Step rate', '95% CI', 'From start', 'Drop-off'],
  ja: ['ステップ', '訪問者', '遷移率', '95%信頼区間', '全体比', '離脱'],
};

export function formatFunnelTable(report: FunnelReport, lang: Lang): string {
  const int = new Intl.NumberFormat('en-US');
  const rows = report.steps.map((s, i) => [
    (lang === 'ja' ? s.label.ja : undefined) ?? s.label.en,
    int.format(s.count),
    formatPercent(s.rateFromPrevious),
    formatInterval(s.ci),
    formatPercent(s.rateFromStart),
    i === 0 ? '—' : int.format(s.dropOff),
  ]);
  const table = [HEAD[lang], ...rows];
  const widths = HEAD[lang].map((_, col) => Math.max(...table.map((r) => stringWidth(r[col] ?? ''))));
  const pad = (text: string, col: number): string => {
    const gap = ' '.repeat((widths[col] ?? 0) - stringWidth(text));
    return col === 0 ? text + gap : gap + text;
  };
  const lines = table.map((r) => r.map((cell, col) => pad(cell, col)).join('  '));
  const title = (lang === 'ja' ? report.label.ja : undefined) ?? report.label.en;
  const range =
    report.from === null && report.to === null
      ? lang === 'ja' ? '全期間' : 'all time'
      : `${report.from ?? '…'} – ${report.to ?? '…'}`;
  const overall = lang === 'ja' ? '最終コンバージョン率' : 'Overall conversion';
  return [
    `${title} · ${report.site} · ${range} · window ${formatWindow(report.window)}`,
    '',
    lines[0] ?? '',
    lines.slice(1).join('\n'),
    '',
    `${overall}: ${formatPercent(report.overallRate)}`,
  ].join('\n');
}

function formatWindow(seconds: number): string {
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
