import { describe, expect, it } from 'vitest';
import { configFromObject } from './configFromObject.ts';
import { ConfigError } from './ConfigError.ts';

function problems(obj: unknown): string[] {
  try {
    configFromObject(obj, 'request body');
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n').slice(2);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configFromObject', () => {
  it('names the source and the field when an object has no lines', () => {
    expect(problems({ funnels: [{ id: 'f', steps: ['visit'], window: '999d' }] })).toEqual([
      'request body funnels[0].steps: a funnel needs at least 2 steps',
      'request body funnels[0].window: must be between 1s and 366d',
    ]);
  });

  it('quotes property names that are not plain words and says both things wrong with an empty id', () => {
    expect(
      problems({
        sites: [{ id: '' }],
        microConversions: [{ id: 'm', match: { props: { 'item.category': { eq: 'shoes', foo: 1 } } } }],
      }),
    ).toEqual([
      'request body sites[0].id: must not be empty; use lower-case letters, digits, _ and - (starting with a letter or digit)',
      'request body microConversions[0].match.props["item.category"].foo: unknown field; fields allowed here: eq, neq, in, contains, regex, gt, gte, lt, lte, exists',
    ]);
  });

  it('reports a top level that is not a mapping', () => {
    expect(problems(['a'])).toEqual(['request body (top level): expected a mapping (field: value), got a list']);
  });

  it('turns demo off and keeps a user site named demo when demo is on', () => {
    expect([...configFromObject({ demo: false }).sites.keys()]).toEqual([]);
    const own = configFromObject({ sites: [{ id: 'demo', name: 'Mine', currency: 'USD' }] });
    expect([...own.sites.values()].map((s) => [s.id, s.name, s.currency])).toEqual([['demo', 'Mine', 'USD']]);
  });

  it('accepts undefined as all defaults', () => {
    expect([...configFromObject(undefined).sites.keys()]).toEqual(['demo']);
  });
});
