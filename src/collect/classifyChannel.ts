import type { Channel } from '../schema/storedEvent.ts';
import type { KnownSource, SourceKind } from './knownSources.ts';
import { lookupReferrerHost, lookupUtmSource } from './lookupSource.ts';

export interface ChannelInput {
  /** Referrer host, lower-case without `www.` (readReferrerHost), or null. */
  referrerHost: string | null;
  /** The shop's own hosts, same normalisation: navigation inside the shop is not a referral. */
  ownHosts: readonly string[];
  utmSource: string | null;
  utmMedium: string | null;
  /** The landing URL carries a search-ad click id (gclid, msclkid, yclid, …). */
  paidSearchClick: boolean;
}

/**
 * utm_medium spellings and what they mean, after GA4's default channel group. `paid` media
 * split into paid_search and paid_social by the source.
 */
const MEDIUM_CHANNELS: ReadonlyMap<string, Channel | 'paid'> = new Map<string, Channel | 'paid'>([
  ...pairs(['cpc', 'ppc', 'paidsearch', 'paid_search', 'paid-search', 'paid'], 'paid'),
  ...pairs(['paid_social', 'paid-social', 'paidsocial', 'social_paid', 'social-paid', 'sns_ad', 'social_ad'], 'paid_social'),
  ...pairs(['display', 'banner', 'cpm', 'expandable', 'interstitial'], 'display'),
  ...pairs(['email', 'e-mail', 'e_mail', 'mail', 'newsletter', 'mailmagazine', 'mailmaga', 'melmaga'], 'email'),
  ...pairs(['affiliate', 'affiliates', 'af', 'asp'], 'affiliate'),
  ...pairs(['social', 'social-network', 'social_network', 'social-media', 'social_media', 'sm', 'sns'], 'social'),
  ...pairs(['organic'], 'organic_search'),
  ...pairs(['referral', 'link'], 'referral'),
]);

/** utm_source values that mean a mailing without naming a mail service. */
const EMAIL_SOURCES: ReadonlySet<string> = new Set(['email', 'e-mail', 'e_mail', 'mail', 'newsletter', 'mailmagazine', 'mailmaga', 'melmaga']);

const KIND_CHANNEL: Readonly<Record<SourceKind, Channel>> = {
  search: 'organic_search',
  social: 'social',
  email: 'email',
};

/**
 * Where a visit came from. UTM tags win over the referrer, a search-ad click id means
 * paid_search, a known referrer host gives search/social/email, any other external host is a
 * referral and no referrer (or the shop's own host) is direct.
 */
export function classifyChannel(input: ChannelInput): Channel {
  const referrerHost =
    input.referrerHost !== null && !input.ownHosts.includes(input.referrerHost) ? input.referrerHost : null;
  const utmSource = input.utmSource?.toLowerCase() ?? null;
  const source: KnownSource | null =
    (utmSource !== null ? lookupUtmSource(utmSource) : null) ?? (referrerHost !== null ? lookupReferrerHost(referrerHost) : null);

  const medium = input.utmMedium?.trim().toLowerCase() ?? null;
  if (medium !== null) {
    const byMedium = MEDIUM_CHANNELS.get(medium);
    if (byMedium === 'paid') return source?.kind === 'social' ? 'paid_social' : 'paid_search';
    if (byMedium !== undefined) return byMedium;
  }
  if (input.paidSearchClick) return 'paid_search';
  if (utmSource !== null && EMAIL_SOURCES.has(utmSource)) return 'email';
  if (source !== null) return KIND_CHANNEL[source.kind];
  // Tagged but with nothing we recognise: say so rather than guess.
  if (medium !== null || utmSource !== null) return referrerHost !== null ? 'referral' : 'other';
  return referrerHost !== null ? 'referral' : 'direct';
}

function pairs(keys: readonly string[], value: Channel | 'paid'): Array<[string, Channel | 'paid']> {
  return keys.map((key) => [key, value]);
}
