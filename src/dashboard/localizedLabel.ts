import type { LocalizedLabel } from './api.ts';
import type { Lang } from './messages.ts';

/** A config label in the chosen language; labels without Japanese fall back to English. */
export function localizedLabel(label: LocalizedLabel, lang: Lang): string {
  return lang === 'ja' ? (label.ja ?? label.en) : label.en;
}
