import type { Label } from '../schema/config.ts';

export interface LocalizedLabel {
  en: string;
  ja?: string;
}

/** A config label (`"Cart"` or `{ en, ja }`) in the one shape the API and dashboard read. */
export function normalizeLabel(label: Label): LocalizedLabel {
  if (typeof label === 'string') return { en: label };
  return label.ja === undefined ? { en: label.en } : { en: label.en, ja: label.ja };
}
