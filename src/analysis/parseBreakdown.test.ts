import { describe, expect, it } from 'vitest';
import { breakdownParamSchema, parseBreakdown } from './parseBreakdown.ts';

describe('parseBreakdown', () => {
  it('reads columns, visitor_type and prop:NAME', () => {
    expect(parseBreakdown('utm_source')).toEqual({ name: 'utm_source', dimension: { column: 'utm_source' } });
    expect(parseBreakdown('landing_page')).toEqual({ name: 'landing_page', dimension: { column: 'landing_page' } });
    expect(parseBreakdown('visitor_type')).toEqual({ name: 'visitor_type', dimension: { visitorType: true } });
    expect(parseBreakdown('prop:plan')).toEqual({ name: 'prop:plan', dimension: { prop: 'plan' } });
  });

  it('names the field and the choices on a typo, in English and Japanese', () => {
    const wrong = parseBreakdown('utm_sorce');
    expect(wrong).toMatchObject({ error: expect.stringMatching(/^breakdown: unknown dimension "utm_sorce"; use one of channel, utm_source/) });
    expect(wrong).toMatchObject({ errorJa: expect.stringContaining('分類軸') });
    expect(parseBreakdown('prop:')).toMatchObject({ error: expect.stringMatching(/^breakdown: "prop:" is not a usable property name/) });
    expect(parseBreakdown("prop:x'; drop")).toHaveProperty('error');
  });

  it('works as a zod schema for query strings', () => {
    expect(breakdownParamSchema.parse('channel')).toEqual({ name: 'channel', dimension: { column: 'channel' } });
    const bad = breakdownParamSchema.safeParse('nope');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/^breakdown: unknown dimension/);
  });
});
