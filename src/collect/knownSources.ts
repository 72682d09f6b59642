/**
 * Referrer hosts and utm_source spellings midgoal recognises. This table is the only place to
 * teach the channel classifier a new search engine, social network or webmail.
 *
 * `domains` match the host and its subdomains (`facebook.com` covers `l.facebook.com`); a
 * trailing `.*` stands for any country suffix (`google.*` covers `google.co.jp`, `google.de`).
 * `utmSources` are lower-case utm_source values that mean the same site.
 */
export type SourceKind = 'search' | 'social' | 'email';

export interface KnownSource {
  name: string;
  kind: SourceKind;
  domains: readonly string[];
  utmSources: readonly string[];
}

export const KNOWN_SOURCES: readonly KnownSource[] = [
  // Search engines
  { name: 'Google', kind: 'search', domains: ['google.*'], utmSources: ['google'] },
  { name: 'Bing', kind: 'search', domains: ['bing.com'], utmSources: ['bing', 'microsoft'] },
  { name: 'Yahoo! JAPAN', kind: 'search', domains: ['search.yahoo.co.jp'], utmSources: ['yahoo', 'yahoo_japan', 'yahoojapan', 'yj'] },
  { name: 'Yahoo', kind: 'search', domains: ['search.yahoo.com'], utmSources: [] },
  { name: 'DuckDuckGo', kind: 'search', domains: ['duckduckgo.com'], utmSources: ['duckduckgo', 'ddg'] },
  { name: 'Baidu', kind: 'search', domains: ['baidu.com'], utmSources: ['baidu'] },
  { name: 'Naver', kind: 'search', domains: ['naver.com'], utmSources: ['naver'] },
  { name: 'Yandex', kind: 'search', domains: ['yandex.*', 'ya.ru'], utmSources: ['yandex'] },
  { name: 'Ecosia', kind: 'search', domains: ['ecosia.org'], utmSources: ['ecosia'] },
  { name: 'Brave Search', kind: 'search', domains: ['search.brave.com'], utmSources: ['brave'] },
  { name: 'goo', kind: 'search', domains: ['search.goo.ne.jp'], utmSources: ['goo'] },
  { name: 'Rakuten Web Search', kind: 'search', domains: ['websearch.rakuten.co.jp'], utmSources: [] },
  { name: 'Startpage', kind: 'search', domains: ['startpage.com'], utmSources: ['startpage'] },
  { name: 'Qwant', kind: 'search', domains: ['qwant.com'], utmSources: ['qwant'] },
  // Social networks
  { name: 'Facebook', kind: 'social', domains: ['facebook.com', 'fb.com', 'fb.me'], utmSources: ['facebook', 'fb', 'meta'] },
  { name: 'Instagram', kind: 'social', domains: ['instagram.com'], utmSources: ['instagram', 'ig'] },
  { name: 'X (Twitter)', kind: 'social', domains: ['x.com', 'twitter.com', 't.co'], utmSources: ['x', 'twitter', 'tw'] },
  { name: 'LINE', kind: 'social', domains: ['line.me', 'lin.ee', 'line.naver.jp'], utmSources: ['line'] },
  { name: 'TikTok', kind: 'social', domains: ['tiktok.com'], utmSources: ['tiktok'] },
  { name: 'YouTube', kind: 'social', domains: ['youtube.com', 'youtu.be'], utmSources: ['youtube', 'yt'] },
  { name: 'Pinterest', kind: 'social', domains: ['pinterest.*', 'pin.it'], utmSources: ['pinterest'] },
  { name: 'LinkedIn', kind: 'social', domains: ['linkedin.com', 'lnkd.in'], utmSources: ['linkedin'] },
  { name: 'Threads', kind: 'social', domains: ['threads.net', 'threads.com'], utmSources: ['threads'] },
  { name: 'Reddit', kind: 'social', domains: ['reddit.com'], utmSources: ['reddit'] },
  // Webmail: a click in a mail is e-mail traffic even without UTM tags
  { name: 'Gmail', kind: 'email', domains: ['mail.google.com'], utmSources: ['gmail'] },
  { name: 'Outlook', kind: 'email', domains: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com'], utmSources: ['outlook'] },
  { name: 'Yahoo! Mail', kind: 'email', domains: ['mail.yahoo.co.jp', 'mail.yahoo.com'], utmSources: [] },
];
