import type { Label } from '../schema/config.ts';

export interface LocalizedLabel {
  en: string;
  ja?: string;
}

/** A config label (plain string or {en, ja}) in the one shape the API and dashboard use. */
export function normalizeLabel(label: Label | undefined, fallback: string): LocalizedLabel {
  if (label === undefined) return { en: fallback };
  if (typeof label === 'string') return { en: label };
  return label.ja === undefined ? { en: label.en } : { en: label.en, ja: label.ja };
}
