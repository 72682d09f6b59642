import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';
import type { Device } from '../schema/storedEvent.ts';
import { LruMap } from './LruMap.ts';

export interface UserAgentInfo {
  bot: boolean;
  /**
   * A plain HTTP library (curl, Node's fetch, python-requests …) rather than a crawler. isbot counts
   * these as bots, but they do not run tracking scripts: when one posts events it is a shop's own
   * server-side integration, accepted if it says which visitor the event belongs to.
   */
  httpClient: boolean;
  device: Device;
  browser: string | null;
  os: string | null;
}

export type UserAgentParser = (userAgent: string) => UserAgentInfo;

const UNKNOWN: UserAgentInfo = Object.freeze({ bot: false, httpClient: false, device: 'other', browser: null, os: null });

/** Generic HTTP client libraries, matched at the start of the User-Agent (their usual form). */
const HTTP_CLIENT = /^(curl|wget|node|undici|node-fetch|axios|got|python-requests|python-urllib|python-httpx|aiohttp|go-http-client|okhttp|java|apache-httpclient|ruby|faraday|php|guzzlehttp|libwww-perl|dart)\b/i;

/**
 * Returns a parser with its own LRU cache: ua-parser-js takes ~50 µs per string and the
 * collector sees the same few hundred User-Agents over and over.
 *
 * @example
 * const parse = createUserAgentParser();
 * parse('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) …') // { device: 'mobile', browser: 'Mobile Safari', os: 'iOS', bot: false }
 */
export function createUserAgentParser(cacheSize = 2000): UserAgentParser {
  const cache = new LruMap<string, UserAgentInfo>(cacheSize);
  return (userAgent) => {
    if (userAgent === '') return UNKNOWN;
    const cached = cache.get(userAgent);
    if (cached) return cached;
    const info = parseUncached(userAgent);
    cache.set(userAgent, info);
    return info;
  };
}

function parseUncached(userAgent: string): UserAgentInfo {
  if (isbot(userAgent)) {
    return Object.freeze({ bot: true, httpClient: HTTP_CLIENT.test(userAgent), device: 'other', browser: null, os: null });
  }
  const result = UAParser(userAgent);
  const browser = result.browser.name ?? null;
  const os = result.os.name ?? null;
  return Object.freeze({ bot: false, httpClient: false, device: toDevice(result.device.type, browser, os), browser, os });
}

/** ua-parser-js leaves the type empty for desktops; TVs, consoles, watches and XR become `other`. */
function toDevice(type: string | undefined, browser: string | null, os: string | null): Device {
  if (type === 'mobile' || type === 'tablet') return type;
  if (type === undefined && (browser !== null || os !== null)) return 'desktop';
  return 'other';
}
