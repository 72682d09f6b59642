import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configFromObject } from '../config/configFromObject.ts';

const doc = readFileSync(fileURLToPath(new URL('../../docs/TRACKING.md', import.meta.url)), 'utf8');
const english = doc.slice(doc.indexOf('<a id="browser-script"></a>'), doc.indexOf('<a id="日本語"></a>'));
const japanese = doc.slice(doc.indexOf('<a id="ブラウザ用スクリプト"></a>'));
const blocks = (section: string, lang: string): string[] =>
  [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');

describe('docs/TRACKING.md, browser script sections', () => {
  it('gives the same snippets in English and Japanese', () => {
    expect(english.length).toBeGreaterThan(1000);
    expect(japanese.length).toBeGreaterThan(1000);
    const code = (section: string) => [...blocks(section, 'html'), ...blocks(section, 'yaml'), ...blocks(section, 'js')];
    // The Japanese button label is translated; everything else is the same code.
    expect(code(japanese).map((c) => c.replace('サイズ表', 'Size guide'))).toEqual(code(english));
  });

  it('has micro-conversion examples that load as midgoal.yaml', () => {
    const [yaml] = blocks(english, 'yaml');
    const loaded = configFromObject(parse(yaml ?? ''), 'docs/TRACKING.md');
    expect(loaded.config.microConversions.find((m) => m.id === 'engaged_visit')?.match.props).toEqual({
      engaged_seconds: { gte: 120 },
      scroll_depth: { gte: 70 },
    });
  });

  it('shows the install tag the demo shop uses', () => {
    const [install] = blocks(english, 'html');
    const stub = install?.split('\n')[0] ?? '';
    const product = readFileSync(fileURLToPath(new URL('../demoShop/pages/product.html', import.meta.url)), 'utf8');
    expect(product).toContain(stub);
    expect(install).toContain('<script defer src="https://analytics.example.com/t.js" data-site="my-shop"></script>');
  });
});
