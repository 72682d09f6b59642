/**
 * Dropped units as a terminal table: visitor (and session), and when each step was reached, in UTC.
 * The header says how many there are in all, and how to get every one when the table is cut.
 */
import type { DroppedReport } from '../analysis/funnelExtrasReport.ts';
import { formatColumns } from './formatColumns.ts';
import type { Lang } from './formatFunnelTable.ts';

const TEXT = {
  en: {
    title: (r: DroppedReport, range: string) =>
      `Reached ${r.step} and not the next step · ${r.site}/${r.funnel} · ${range}: ${r.total} ${r.unit === 'session' ? 'sessions' : 'visitors'}`,
    all: 'all time',
    visitor: 'Visitor',
    session: 'Session',
    at: (step: string) => `${step} (UTC)`,
    more: (shown: number, total: number) => `… showing the latest ${shown} of ${total}; add --csv for all of them, or --limit N.`,
  },
  ja: {
    title: (r: DroppedReport, range: string) =>
      `${r.step} に到達し、次のステップに進まなかった${r.unit === 'session' ? 'セッション' : '訪問者'} · ${r.site}/${r.funnel} · ${range}: ${r.total} 件`,
    all: '全期間',
    visitor: '訪問者',
    session: 'セッション',
    at: (step: string) => `${step}（UTC）`,
    more: (shown: number, total: number) => `… ${total} 件のうち新しい ${shown} 件を表示しています。すべて出すには --csv、件数を変えるには --limit N。`,
  },
} as const;

export function formatDroppedTable(report: DroppedReport, lang: Lang): string {
  const t = TEXT[lang];
  const range = report.from === null && report.to === null ? t.all : `${report.from ?? '…'} – ${report.to ?? '…'}`;
  const steps = Object.keys(report.units[0]?.reachedAt ?? {});
  const session = report.unit === 'session';
  const head = [t.visitor, ...(session ? [t.session] : []), ...steps.map(t.at)];
  const rows = report.units.map((u) => [
    u.visitor,
    ...(session ? [u.session ?? ''] : []),
    ...steps.map((s) => (u.reachedAt[s] ?? '').replace('T', ' ').replace('Z', '')),
  ]);
  const lines = [t.title(report, range)];
  if (rows.length > 0) lines.push('', ...formatColumns([head, ...rows], head.length));
  if (report.truncated) lines.push('', t.more(report.units.length, report.total));
  return lines.join('\n');
}
