/**
 * The text an operator reads during and after `midgoal import`, in English or Japanese.
 * Rejection reasons stay in English: they quote field names and flags verbatim.
 */
import type { ImportProgress, ImportSummary } from './runImport.ts';

export type Lang = 'en' | 'ja';

/** Reasons listed in the summary; the rest are counted in one line. */
export const REASONS_SHOWN = 10;

const nf = new Intl.NumberFormat('en-US');

export function eventsPerSecond(p: ImportProgress): number {
  return p.elapsedMs > 0 ? Math.round((p.stored * 1000) / p.elapsedMs) : 0;
}

/** One progress line, for logs and pipes where a bar cannot redraw. */
export function formatProgressLine(p: ImportProgress, totalBytes: number, lang: Lang): string {
  const pct = totalBytes > 0 ? Math.min(100, Math.floor((p.bytesRead * 100) / totalBytes)) : 100;
  const mb = `${(p.bytesRead / 1e6).toFixed(1)}/${(totalBytes / 1e6).toFixed(1)} MB`;
  const eps = nf.format(eventsPerSecond(p));
  return lang === 'ja'
    ? `取り込み中: ${pct}% (${mb}) 読み込み ${nf.format(p.read)} 件, 保存 ${nf.format(p.stored)} 件, 除外 ${nf.format(p.rejected)} 件, 毎秒 ${eps} 件`
    : `importing: ${pct}% (${mb}) read ${nf.format(p.read)}, stored ${nf.format(p.stored)}, rejected ${nf.format(p.rejected)}, ${eps} events/s`;
}

export function formatImportSummary(
  s: ImportSummary,
  where: { file: string; target: string },
  lang: Lang,
): string {
  const seconds = (s.elapsedMs / 1000).toFixed(1);
  const eps = nf.format(eventsPerSecond(s));
  const out: string[] =
    lang === 'ja'
      ? [
          `${where.file} を取り込みました（保存先: ${where.target}、${seconds} 秒）`,
          `  読み込み ${nf.format(s.read)} 件`,
          `  保存     ${nf.format(s.stored)} 件（毎秒 ${eps} 件）`,
          `  除外     ${nf.format(s.rejected)} 件`,
        ]
      : [
          `Imported ${where.file} into ${where.target} in ${seconds} s`,
          `  read     ${nf.format(s.read)}`,
          `  stored   ${nf.format(s.stored)} (${eps} events/s)`,
          `  rejected ${nf.format(s.rejected)}`,
        ];
  if (s.reasons.length > 0) {
    out.push(lang === 'ja' ? '除外した行（理由別、件数の多い順）:' : 'Rejected lines by reason (most frequent first):');
    for (const g of s.reasons.slice(0, REASONS_SHOWN)) {
      const more = g.count > g.firstLines.length ? ', …' : '';
      const lines = `${g.firstLines.join(', ')}${more}`;
      out.push(
        lang === 'ja'
          ? `  ${nf.format(g.count)} 件: ${g.reason}（行 ${lines}）`
          : `  ${nf.format(g.count)} × ${g.reason} (line${g.count === 1 ? '' : 's'} ${lines})`,
      );
    }
    const rest = s.reasons.slice(REASONS_SHOWN).reduce((n, g) => n + g.count, 0);
    if (rest > 0) {
      out.push(lang === 'ja' ? `  ほか ${nf.format(rest)} 件（その他の理由）` : `  ${nf.format(rest)} more with other reasons`);
    }
  }
  return out.join('\n');
}
