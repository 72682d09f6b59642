/**
 * Time to convert as text: per step the median and 90th percentile since the previous step and
 * since the first, then each step's histogram (since the previous step) as bars, from the first
 * to the last bucket that holds anyone.
 */
import type { FunnelReport } from '../analysis/funnelReport.ts';
import type { DurationStats, TimeToConvert } from '../analysis/funnelExtrasReport.ts';
import { formatColumns } from './formatColumns.ts';
import { formatDuration } from './formatDuration.ts';
import type { Lang } from './formatFunnelTable.ts';

const TEXT = {
  en: {
    title: 'Time to convert',
    head: ['Step', 'Units', 'Median', '90%', 'Median from start', '90% from start'],
    histogram: (label: string, since: string) => `${label}, time since ${since}:`,
    first: 'the first step',
  },
  ja: {
    title: 'コンバージョンまでの時間',
    head: ['ステップ', '件数', '中央値', '90%点', '最初からの中央値', '最初からの90%点'],
    histogram: (label: string, since: string) => `${label}（${since}からの時間）:`,
    first: '最初のステップ',
  },
} as const;

const BAR_WIDTH = 30;

export function formatTimeToConvertTable(ttc: TimeToConvert, report: FunnelReport, lang: Lang): string {
  const t = TEXT[lang];
  const labels = report.steps.map((s) => (lang === 'ja' ? s.label.ja : undefined) ?? s.label.en);
  const d = (x: number | null | undefined): string => formatDuration(x ?? null, lang);
  const rows = ttc.steps.map((s, i) => [
    labels[i + 1] ?? s.id,
    String(s.fromStart.count),
    d(s.fromPrevious?.median),
    d(s.fromPrevious?.p90),
    d(s.fromStart.median),
    d(s.fromStart.p90),
  ]);
  const histograms = ttc.steps.flatMap((s, i) => {
    const stats = s.fromPrevious ?? s.fromStart;
    const since = s.fromPrevious ? (labels[i] ?? '') : t.first;
    return ['', t.histogram(labels[i + 1] ?? s.id, since), ...formatHistogram(stats, lang)];
  });
  return [t.title, '', ...formatColumns([[...t.head], ...rows]), ...histograms].join('\n');
}

function formatHistogram(stats: DurationStats, lang: Lang): string[] {
  const filled = stats.histogram.map((b, i) => (b.count > 0 ? i : -1)).filter((i) => i >= 0);
  if (filled.length === 0) return [lang === 'ja' ? '  （なし）' : '  (none)'];
  const shown = stats.histogram.slice(filled[0], (filled.at(-1) ?? 0) + 1);
  const max = Math.max(...shown.map((b) => b.count));
  const rows = shown.map((b) => {
    const bar = '█'.repeat(b.count === 0 ? 0 : Math.max(1, Math.round((b.count / max) * BAR_WIDTH)));
    return [`  ${formatDuration(b.from, lang)}${b.to === null ? '+' : `–${formatDuration(b.to, lang)}`}`, bar ? `${bar} ${b.count}` : '0'];
  });
  return formatColumns(rows, 2);
}
