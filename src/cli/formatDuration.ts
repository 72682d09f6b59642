/**
 * Seconds → the two largest units a person reads at a glance: `45s`, `3m 20s`, `2h 5m`, `1d 3h`
 * (Japanese `3分20秒`, `2時間5分`, `1日3時間`). The smaller unit is cut, not rounded; fractions
 * (a median of two values) round to whole seconds first.
 */
const UNITS: readonly [number, string, string][] = [
  [86_400, 'd', '日'],
  [3_600, 'h', '時間'],
  [60, 'm', '分'],
  [1, 's', '秒'],
];

export function formatDuration(seconds: number | null, lang: 'en' | 'ja' = 'en'): string {
  if (seconds === null) return '—';
  let rest = Math.round(seconds);
  const first = UNITS.findIndex(([size]) => rest >= size);
  if (first < 0) return lang === 'ja' ? '0秒' : '0s';
  const parts: string[] = [];
  for (const [size, en, ja] of UNITS.slice(first, first + 2)) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${lang === 'ja' ? ja : en}`);
  }
  return parts.join(lang === 'ja' ? '' : ' ');
}
