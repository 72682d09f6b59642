import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './loadConfig.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'midgoal-match-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Loads `lines` as ./midgoal.yaml under microConversions; the problem lines, or [] when it loads. */
async function problemsOf(...lines: string[]): Promise<string[]> {
  const folder = path.join(dir, `case${n++}`);
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'midgoal.yaml'), ['microConversions:', '  - id: m', '    match:', ...lines, ''].join('\n'));
  try {
    await loadConfig(undefined, { cwd: folder, env: {} });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message.split('\n').slice(2);
  }
}

const AT = 'midgoal.yaml';
const SO = 'so no event can ever match; fix or remove one of them';

describe('impossible conditions are config errors with file:line', () => {
  it('gt 10 AND lt 5 on the same property', async () => {
    expect(await problemsOf('      props:', '        cart_total: { gt: 10, lt: 5 }')).toEqual([
      `${AT}:5:31 microConversions[0].match.props.cart_total.lt: impossible condition: cart_total must be < 5 here and > 10 at microConversions[0].match.props.cart_total.gt, ${SO}`,
    ]);
  });

  it('bounds split over all: entries, and a bound equal to a strict one', async () => {
    expect(
      await problemsOf(
        '      all:',
        '        - props: { qty: { gte: 5 } }',
        '        - props: { qty: { lt: 5 } }',
      ),
    ).toEqual([
      `${AT}:6:27 microConversions[0].match.all[1].props.qty.lt: impossible condition: qty must be < 5 here and ≥ 5 at microConversions[0].match.all[0].props.qty.gte, ${SO}`,
    ]);
    expect(await problemsOf('      props: { qty: { gte: 5, lte: 5 } }')).toEqual([]);
  });

  it('eq and neq of the same value; eq outside the bounds; in lists with nothing in common', async () => {
    expect(await problemsOf('      props: { plan: { eq: pro, neq: pro } }')).toEqual([
      `${AT}:4:33 microConversions[0].match.props.plan.neq: impossible condition: plan must be ≠ "pro" here but "pro" at microConversions[0].match.props.plan.eq, ${SO}`,
    ]);
    expect(await problemsOf('      props: { qty: { in: [1, 2], gt: 2 } }')).toEqual([
      `${AT}:4:35 microConversions[0].match.props.qty.gt: impossible condition: qty must be > 2 here but one of 1, 2 at microConversions[0].match.props.qty.in, ${SO}`,
    ]);
    expect(await problemsOf('      all: [{ props: { c: { in: [a, b] } } }, { props: { c: { in: [c] } } }]')).toEqual([
      `${AT}:4:63 microConversions[0].match.all[1].props.c.in: impossible condition: c must be "c" here and one of "a", "b" at microConversions[0].match.all[0].props.c.in, ${SO}`,
    ]);
  });

  it('exists: false next to a test of the value; two event names that cannot both hold', async () => {
    expect(await problemsOf('      props: { coupon: { exists: false, contains: SALE } }')).toEqual([
      `${AT}:4:26 microConversions[0].match.props.coupon.exists: impossible condition: coupon must be absent (exists: false) here, but microConversions[0].match.props.coupon.contains tests its value, ${SO}`,
    ]);
    expect(await problemsOf('      event: add_to_cart', '      all: [{ event: purchase }]')).toEqual([
      `${AT}:5:15 microConversions[0].match.all[0].event: impossible condition: event must be "purchase" here but "add_to_cart" at microConversions[0].match.event, ${SO}`,
    ]);
  });

  it('an empty in: list, and an empty any:', async () => {
    expect(await problemsOf('      props: { size: { in: [] } }')).toEqual([
      `${AT}:4:24 microConversions[0].match.props.size.in: an empty list matches nothing; list at least one value`,
    ]);
    expect(await problemsOf('      any: []')).toEqual([`${AT}:4:7 microConversions[0].match.any: list at least one condition`]);
  });
});

describe('bad input in the grammar is reported with file:line', () => {
  it('refuses property names that look like SQL', async () => {
    expect(await problemsOf(`      props: { "'; DROP TABLE events; --": 1, "a') OR 1=1": x }`)).toEqual([
      `${AT}:4:16 microConversions[0].match.props["'; DROP TABLE events; --"]: property names use letters, digits, _ . - and start with a letter or _`,
      `${AT}:4:47 microConversions[0].match.props["a') OR 1=1"]: property names use letters, digits, _ . - and start with a letter or _`,
    ]);
  });

  it('accepts the same text as values: they are bound, not pasted', async () => {
    expect(await problemsOf(`      event: "'; DROP TABLE events; --"`, `      props: { plan: "a') OR 1=1", note: { regex: "'\\\\)" } }`)).toEqual([]);
  });

  it('refuses regexes RE2 cannot run', async () => {
    expect(await problemsOf('      pathRegex: "(a+)\\\\1"', '      props: { q: { regex: "(?<=x)y" } }')).toEqual([
      `${AT}:4:7 microConversions[0].match.pathRegex: backreferences and octal escapes (\\1) are not supported by RE2; repeat the text instead`,
      `${AT}:5:21 microConversions[0].match.props.q.regex: lookbehind (?<= …) and (?<! …) is not supported by RE2; match the text itself, or use not: for "does not match"`,
    ]);
  });

  it('refuses nesting deeper than 8 levels', async () => {
    const problems = await problemsOf(`      not: ${'{ not: '.repeat(7)}{ event: a }${' }'.repeat(7)}`);
    expect(problems).toEqual([
      `${AT}:4:56 microConversions[0].match.not.not.not.not.not.not.not.not: a definition may have at most 8 levels of matches, the outer one included (all, any, not and aggregate each open one); split this one into simpler micro-conversions`,
    ]);
    expect(await problemsOf(`      not: ${'{ not: '.repeat(6)}{ event: a }${' }'.repeat(6)}`)).toEqual([]);
  });

  it('suggests the field meant inside a nested match, and names the allowed channels', async () => {
    expect(await problemsOf('      any:', '        - { evnt: view_reviews }', '        - { channel: organic }')).toEqual([
      `${AT}:5:13 microConversions[0].match.any[0].evnt: unknown field; did you mean "event"? fields allowed here: event, path, pathRegex, referrer, channel, device, props, all, any, not, aggregate`,
      `${AT}:6:13 microConversions[0].match.any[1].channel: must be one of "direct", "organic_search", "paid_search", "social", "paid_social", "email", "referral", "display", "affiliate", "other"`,
    ]);
  });

  it('explains aggregate mistakes', async () => {
    expect(await problemsOf('      aggregate: { count: { event: page_view }, gte: 3 }')).toEqual([
      `${AT}:4:7 microConversions[0].match.aggregate.scope: missing: write scope: session (within one visit) or scope: visitor (across all their visits)`,
    ]);
    expect(await problemsOf('      aggregate: { scope: session, count: { event: page_view }, sum: value, gte: 3 }')).toEqual([
      `${AT}:4:7 microConversions[0].match.aggregate: give only one of count, distinct, sum (got count, sum); use all: for several totals`,
    ]);
    expect(await problemsOf('      aggregate: { scope: visitor, distinct: { item: item_category }, gte: 0.5 }')).toEqual([
      `${AT}:4:7 microConversions[0].match.aggregate.of: missing: say which events to take values from (of: { event: … })`,
      `${AT}:4:71 microConversions[0].match.aggregate.gte: a count is reached at 1 or more: write a whole number such as 2 or 3`,
    ]);
    expect(await problemsOf('      aggregate: { scope: session, count: { aggregate: { scope: session } }, gte: 2 }')).toEqual([
      `${AT}:4:45 microConversions[0].match.aggregate.count.aggregate: unknown field; fields allowed here: event, path, pathRegex, referrer, channel, device, props, all, any, not`,
    ]);
  });
});
