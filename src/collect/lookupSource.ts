import { KNOWN_SOURCES, type KnownSource } from './knownSources.ts';

const BY_DOMAIN = new Map<string, KnownSource>();
const BY_UTM_SOURCE = new Map<string, KnownSource>();
for (const source of KNOWN_SOURCES) {
  for (const domain of source.domains) BY_DOMAIN.set(domain, source);
  for (const alias of source.utmSources) BY_UTM_SOURCE.set(alias, source);
}

/**
 * The known site behind a referrer host (`www.google.co.jp` → Google), or null. The longest
 * matching suffix wins, so `mail.google.com` is Gmail and not Google search.
 */
export function lookupReferrerHost(host: string): KnownSource | null {
  const labels = host.toLowerCase().split('.');
  for (let start = 0; start < labels.length; start++) {
    const exact = BY_DOMAIN.get(labels.slice(start).join('.'));
    if (exact) return exact;
    // `google.*`: the last one or two labels are a country suffix (`de`, `co.jp`, `com.au`).
    for (let suffixLabels = 1; suffixLabels <= 2; suffixLabels++) {
      const baseEnd = labels.length - suffixLabels;
      if (baseEnd <= start || !labels.slice(baseEnd).every(isSuffixLabel)) continue;
      const wild = BY_DOMAIN.get(`${labels.slice(start, baseEnd).join('.')}.*`);
      if (wild) return wild;
    }
  }
  return null;
}

/** The known site a utm_source names (`ig`, `Google`, `line.me`), or null. */
export function lookupUtmSource(utmSource: string): KnownSource | null {
  const key = utmSource.trim().toLowerCase();
  return BY_UTM_SOURCE.get(key) ?? (key.includes('.') ? lookupReferrerHost(key) : null);
}

function isSuffixLabel(label: string): boolean {
  return label.length >= 2 && label.length <= 3;
}
