import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from './urlState.ts';

describe('urlState', () => {
  it('round-trips the chosen report', () => {
    const state = { site: 'demo', funnel: 'purchase', from: '2026-11-01', to: '2026-11-28' };
    const search = formatUrlState(state);
    expect(search).toBe('?site=demo&funnel=purchase&from=2026-11-01&to=2026-11-28');
    expect(parseUrlState(search)).toEqual(state);
  });

  it('leaves out what was not chosen and ignores unknown keys', () => {
    expect(formatUrlState({ site: 'demo' })).toBe('?site=demo');
    expect(formatUrlState({})).toBe('');
    expect(parseUrlState('?site=shop&utm_source=x&from=')).toEqual({ site: 'shop' });
  });
});
