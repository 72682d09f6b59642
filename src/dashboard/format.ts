/**
 * Numbers, rates and durations through Intl, in the dashboard's language, so 1,000 / 30% / 7日
 * read the way each audience expects.
 */
import type { Lang } from './messages.ts';

const LOCALES: Record<Lang, string> = { en: 'en-US', ja: 'ja-JP' };

export interface Formatters {
  /** Whole visitor counts: 1,000. */
  count: (n: number) => string;
  /** Rates 0..1 as percentages with at most one decimal: 0.3 → 30%, 0.0751 → 7.5%. */
  percent: (rate: number) => string;
  /** A 95% interval as "26.9%–33.3%". */
  interval: (low: number, high: number) => string;
  /** A funnel window in its largest whole unit: 604800 → "7 days" / "7日". */
  duration: (seconds: number) => string;
}

const UNITS = [
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
] as const;
type Unit = (typeof UNITS)[number][0];

/** ICU writes "7 日" with a space; Japanese text writes 7日. */
const JA_UNITS: Record<Unit, string> = { day: '日', hour: '時間', minute: '分', second: '秒' };

export function createFormatters(lang: Lang): Formatters {
  const locale = LOCALES[lang];
  const countFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const percent = (rate: number): string => percentFormat.format(rate);
  return {
    count: (n) => countFormat.format(n),
    percent,
    interval: (low, high) => `${percent(low)}–${percent(high)}`,
    duration: (seconds) => {
      const [unit, size] = UNITS.find(([, s]) => seconds % s === 0) ?? UNITS[3];
      const amount = seconds / size;
      if (lang === 'ja') return `${countFormat.format(amount)}${JA_UNITS[unit]}`;
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
    },
  };
}
