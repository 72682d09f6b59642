/**
 * The chosen site, funnel and dates live in the address (?site=&funnel=&from=&to=), so a report
 * can be bookmarked or sent to a colleague and opens the same way.
 */
export interface UrlState {
  site?: string;
  funnel?: string;
  from?: string;
  to?: string;
}

const KEYS = ['site', 'funnel', 'from', 'to'] as const;

export function parseUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const state: UrlState = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  return state;
}

export function formatUrlState(state: UrlState): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = state[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
