/**
 * The full report (every extra) over the Tokyo fixture, 2026-11-01 … 11-14, for formatter tests.
 */
import { parseBreakdown, type BreakdownChoice } from '../../src/analysis/parseBreakdown.ts';
import { runFunnel } from '../../src/analysis/runFunnel.ts';
import type { ExtendedFunnelReport } from '../../src/analysis/funnelExtrasReport.ts';
import { fakeFunnelStore } from './fakeFunnelStore.ts';
import { CURRENT_UNITS, LEVEL_ZERO, PREVIOUS_UNITS, TOKYO_SHOP } from './tokyoShopUnits.ts';

export function tokyoShopReport(breakdownLimit = 20): Promise<ExtendedFunnelReport> {
  return runFunnel(
    fakeFunnelStore([...CURRENT_UNITS, ...PREVIOUS_UNITS, LEVEL_ZERO]),
    TOKYO_SHOP,
    'shop',
    'buy',
    { from: '2026-11-01', to: '2026-11-14' },
    {
      breakdown: parseBreakdown('utm_source') as BreakdownChoice,
      breakdownLimit,
      interval: 'week',
      compare: 'previous',
      timeToConvert: true,
    },
  );
}
