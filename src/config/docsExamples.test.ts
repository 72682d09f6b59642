import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { configFromObject } from './configFromObject.ts';
import { pathPatternToRegex } from './pathPatternToRegex.ts';

const doc = readFileSync(fileURLToPath(new URL('../../docs/CONFIG.md', import.meta.url)), 'utf8');
const examples = doc.slice(doc.indexOf('## Examples'), doc.indexOf('## YAML tips'));
const blocks = [...examples.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('docs/CONFIG.md', () => {
  it('has examples that load without error', () => {
    expect(blocks).toHaveLength(3);
    const [shop, agency, engagement] = blocks.map((b) => configFromObject(parse(b), 'docs/CONFIG.md'));
    expect([...(shop?.sites.keys() ?? [])]).toEqual(['my-shop']);
    expect(shop?.config.microConversions.find((m) => m.id === 'faq_view')?.match.path).toBe('/pages/faq**');
    expect([...(agency?.sites.keys() ?? [])]).toEqual(['client-a', 'client-b', 'client-c']);
    expect(agency?.config.funnels.find((f) => f.id === 'b2b-lead')?.window).toBe(14 * 86400);
    expect(engagement?.config.microConversions.find((m) => m.id === 'products_5')?.match.aggregate?.gte).toBe(5);
    expect(engagement?.config.funnels.find((f) => f.id === 'engagement')?.steps).toContain('pages_3');
  });

  it('has match snippets (English and Japanese) that are valid definitions', () => {
    const snippets = [...doc.matchAll(/```yaml\n((?:#[^\n]*\n)*match:\n[\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(snippets.length).toBeGreaterThanOrEqual(13);
    snippets.forEach((text, i) => {
      const { match } = z.object({ match: z.unknown() }).parse(parse(text));
      expect(() => configFromObject({ microConversions: [{ id: `m${i}`, match }] }, `snippet ${i}`), text).not.toThrow();
    });
  });

  it('describes path patterns the way pathPatternToRegex evaluates them', () => {
    // Rows of the English table: | `pattern` | `a`, `b` | `c`, `d` |
    const rows = [...doc.matchAll(/^\| `(\/[^`]*)` \| (.*) \| (.*) \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const paths = (cell: string) => [...cell.matchAll(/`([^`]*)`/g)].map((m) => m[1] ?? '');
    for (const [, pattern = '', yes = '', no = ''] of rows) {
      const re = new RegExp(pathPatternToRegex(pattern));
      for (const p of paths(yes)) expect(re.test(p), `${pattern} should match ${p}`).toBe(true);
      for (const p of paths(no)) expect(re.test(p), `${pattern} should not match ${p}`).toBe(false);
    }
  });
});
