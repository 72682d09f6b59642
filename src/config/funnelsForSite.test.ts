import { describe, expect, it } from 'vitest';
import { configFromObject } from './configFromObject.ts';
import { findFunnel } from './findFunnel.ts';
import { funnelsForSite } from './funnelsForSite.ts';

const loaded = configFromObject({
  sites: [{ id: 'jp' }, { id: 'us' }],
  funnels: [
    { id: 'jp-only', steps: ['visit', 'purchase'], sites: ['jp'] },
    { id: 'both', steps: ['visit', 'add_to_cart'] },
  ],
});

describe('funnelsForSite / findFunnel', () => {
  it('gives each site the funnels without a sites list plus those naming it', () => {
    expect(funnelsForSite(loaded, 'jp').map((f) => f.id)).toEqual(['purchase', 'jp-only', 'both']);
    expect(funnelsForSite(loaded, 'us').map((f) => f.id)).toEqual(['purchase', 'both']);
    expect(funnelsForSite(loaded, 'demo').map((f) => f.id)).toEqual(['purchase', 'both']);
    expect(funnelsForSite(loaded, 'nope')).toEqual([]);
  });

  it('finds a funnel only where it applies', () => {
    expect(findFunnel(loaded, 'jp', 'jp-only')?.steps).toEqual(['visit', 'purchase']);
    expect(findFunnel(loaded, 'us', 'jp-only')).toBeUndefined();
    expect(findFunnel(loaded, 'us', 'purchase')?.window).toBe(7 * 86400);
    expect(findFunnel(loaded, 'us', 'missing')).toBeUndefined();
  });
});
