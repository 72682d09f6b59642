import type { Lang } from './messages.ts';

/** Where the operator's choice is remembered between visits. */
export const LANGUAGE_STORAGE_KEY = 'midgoal.lang';

/**
 * The language to start in: the operator's saved choice, else the browser's preferred languages
 * (Japanese if `ja` comes before any English), else English.
 */
export function detectLanguage(saved: string | null, preferred: readonly string[]): Lang {
  if (saved === 'en' || saved === 'ja') return saved;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'ja') return 'ja';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
