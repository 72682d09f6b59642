import { describe, expect, it } from 'vitest';
import { previousRange } from './previousRange.ts';

describe('previousRange', () => {
  it('14 days 2026-11-01 … 11-14 → 2026-10-18 … 10-31', () => {
    expect(previousRange('2026-11-01', '2026-11-14')).toEqual({ from: '2026-10-18', to: '2026-10-31' });
  });

  it('one day → the day before; March 2024 (31 days) → 2024-01-30 … 2024-02-29 (29 + 2 days)', () => {
    expect(previousRange('2026-01-01', '2026-01-01')).toEqual({ from: '2025-12-31', to: '2025-12-31' });
    expect(previousRange('2024-03-01', '2024-03-31')).toEqual({ from: '2024-01-30', to: '2024-02-29' });
  });
});
