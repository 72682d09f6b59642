import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './loadConfig.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'midgoal-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Writes `text` as <fresh folder>/midgoal.yaml and returns that folder. */
function folderWith(text: string): string {
  const folder = path.join(dir, `case${n++}`);
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'midgoal.yaml'), text);
  return folder;
}

/** The problem lines of the ConfigError that loading `text` as ./midgoal.yaml throws. */
async function problemsOf(text: string): Promise<string[]> {
  const error = await loadConfig(undefined, { cwd: folderWith(text), env: {} }).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message.split('\n').slice(2);
}

describe('loadConfig: mistakes are reported as file:line:col field: message', () => {
  it('reports a wrong type at the key', async () => {
    expect(await problemsOf('demo: yes\n')).toEqual(['midgoal.yaml:1:1 demo: expected true or false, got text "yes"']);
  });

  it('reports an unknown field and suggests the likely one', async () => {
    const text = ['funnels:', '  - id: mine', '    steps: [visit, purchase]', '    windw: 2d', ''].join('\n');
    expect(await problemsOf(text)).toEqual([
      'midgoal.yaml:4:5 funnels[0].windw: unknown field; did you mean "window"? fields allowed here: id, label, steps, window, order, unit, exclude, sites',
    ]);
  });

  it('reports a bad time zone and a bad currency', async () => {
    const text = ['sites:', '  - id: shop', '    timezone: Asia/Tokio', '    currency: yen', ''].join('\n');
    expect(await problemsOf(text)).toEqual([
      'midgoal.yaml:3:5 sites[0].timezone: must be an IANA time zone such as Asia/Tokyo or Europe/Berlin',
      'midgoal.yaml:4:5 sites[0].currency: must be an ISO 4217 code such as JPY',
    ]);
  });

  it('reports a bad window, as in the docs', async () => {
    const text = ['funnels:', '  - id: mine', '    steps: [visit, purchase]', '    window: 7x', ''].join('\n');
    expect(await problemsOf(text)).toEqual([
      'midgoal.yaml:4:5 funnels[0].window: write a duration such as 30m, 2h, 7d or 2w',
    ]);
  });

  it('reports a missing field at the entry that lacks it', async () => {
    const text = ['microConversions:', '  - id: review_read', '    label: Reviews', ''].join('\n');
    expect(await problemsOf(text)).toEqual(['midgoal.yaml:2:5 microConversions[0].match: missing: this field is required']);
  });

  it('reports a value that fits none of the allowed forms', async () => {
    const text = ['microConversions:', '  - id: a', '    label: 5', '    match: { event: x }', ''].join('\n');
    expect(await problemsOf(text)).toEqual([
      'midgoal.yaml:3:5 microConversions[0].label: expected text or a mapping (field: value), got the number 5',
    ]);
  });

  it('reports a duplicate id, naming the first one', async () => {
    const text = ['sites:', '  - id: shop', '  - id: outlet', '  - id: shop', ''].join('\n');
    expect(await problemsOf(text)).toEqual([
      'midgoal.yaml:4:5 sites[2].id: "shop" is already the id of sites[0]; ids must be unique, rename or remove one',
    ]);
  });

  it('reports an unknown funnel step and lists the known micro-conversions', async () => {
    const text = [
      'microConversions:',
      '  - id: review_read',
      '    match: { event: view_reviews }',
      'funnels:',
      '  - id: mine',
      '    steps: [visit, add_to_crt, purchase]',
      '',
    ].join('\n');
    expect(await problemsOf(text)).toEqual([
      'midgoal.yaml:6:20 funnels[0].steps[1]: no micro-conversion has the id "add_to_crt"; did you mean "add_to_cart"? ' +
        'define it under microConversions or use a known one: visit, product_list, product_detail, add_to_cart, ' +
        'checkout_info, checkout_confirm, purchase, sign_up, newsletter, line_signup, faq_view, shipping_info_view, ' +
        'file_download, engaged_visit, size_guide_view, review_view, comparison_view, video_50, video_complete, ' +
        'catalog_download, pages_3, categories_2, review_read',
    ]);
  });

  it('reports an exclusion naming an unknown micro-conversion', async () => {
    const text = ['funnels:', '  - id: mine', '    steps: [visit, purchase]', '    exclude: [purchse]', ''].join('\n');
    const problems = await problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^midgoal\.yaml:4:15 funnels\[0\]\.exclude\[0\]: no micro-conversion has the id "purchse"; did you mean "purchase"\?/);
  });

  it('reports a funnel naming an unknown site', async () => {
    const text = [
      'sites:',
      '  - id: shop',
      'funnels:',
      '  - id: mine',
      '    steps: [visit, purchase]',
      '    sites:',
      '      - shpo',
      '',
    ].join('\n');
    expect(await problemsOf(text)).toEqual([
      'midgoal.yaml:7:9 funnels[0].sites[0]: no site has the id "shpo"; did you mean "shop"? add it under sites or use a known one (known sites: shop, demo)',
    ]);
  });

  it('reports YAML syntax errors with line and column', async () => {
    const text = ['sites:', '  - id: shop', '   name: Shop', ''].join('\n');
    expect(await problemsOf(text)).toEqual([
      'midgoal.yaml:3:1 YAML syntax: Sequence item without - indicator; check the indentation (spaces) and quotes on this line and the one above',
    ]);
    expect(await problemsOf('demo: true\ndemo: false\n')).toEqual([
      'midgoal.yaml:2:1 YAML syntax: this key appears twice in the same mapping; keep only one of them',
    ]);
  });

  it('lists every problem at once, in file order, under a bilingual header', async () => {
    const text = ['extra: 1', 'sites:', '  - id: Shop', ''].join('\n');
    const error = await loadConfig(undefined, { cwd: folderWith(text), env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split('\n');
    expect(lines[0]).toBe('midgoal.yaml has 2 problems; fix them and run midgoal again (docs/CONFIG.md describes every field).');
    expect(lines[1]).toContain('2 件の問題があります');
    expect(lines.slice(2)).toEqual([
      'midgoal.yaml:1:1 extra: unknown field; fields allowed here: sites, microConversions, funnels, demo',
      'midgoal.yaml:3:5 sites[0].id: use lower-case letters, digits, _ and - (starting with a letter or digit)',
    ]);
    expect((error as ConfigError).problems.map((p) => [p.line, p.col])).toEqual([
      [1, 1],
      [3, 5],
    ]);
  });
});

describe('loadConfig: valid files', () => {
  it('loads two sites plus the demo site, each with its defaults', async () => {
    const text = [
      'sites:',
      '  - id: shop-jp',
      '    name: ショップ',
      '  - id: shop-us',
      '    timezone: America/New_York',
      '    currency: USD',
      '    origins: [https://shop.example]',
      '',
    ].join('\n');
    const folder = folderWith(text);
    const loaded = await loadConfig(undefined, { cwd: folder, env: {} });
    expect(loaded.path).toBe(path.join(folder, 'midgoal.yaml'));
    expect([...loaded.sites.keys()]).toEqual(['shop-jp', 'shop-us', 'demo']);
    expect(loaded.sites.get('shop-jp')).toEqual({
      id: 'shop-jp',
      name: 'ショップ',
      timezone: 'Asia/Tokyo',
      currency: 'JPY',
      origins: ['*'],
    });
    expect(loaded.sites.get('shop-us')?.currency).toBe('USD');
    expect(loaded.config.funnels.map((f) => f.id)).toEqual(['purchase']);
  });

  it("lets a user's entry replace the preset's and a user's funnel use preset ids", async () => {
    const text = [
      'demo: false',
      'sites: [{ id: shop }]',
      'microConversions:',
      '  - id: newsletter',
      '    match: { event: generate_lead, props: { method: newsletter } }',
      'funnels:',
      '  - id: purchase',
      '    steps: [product_detail, purchase]',
      '    window: 2d',
      '  - id: signup',
      '    steps: [visit, newsletter]',
      '',
    ].join('\n');
    const loaded = await loadConfig(undefined, { cwd: folderWith(text), env: {} });
    const newsletter = loaded.config.microConversions.find((m) => m.id === 'newsletter');
    expect(newsletter?.match).toEqual({ event: 'generate_lead', props: { method: 'newsletter' } });
    expect(newsletter?.label).toBeUndefined();
    expect(loaded.config.microConversions).toHaveLength(22);
    expect(loaded.config.funnels.map((f) => [f.id, f.steps.length, f.window])).toEqual([
      ['purchase', 2, 2 * 86400],
      ['signup', 2, 7 * 86400],
    ]);
    expect([...loaded.sites.keys()]).toEqual(['shop']);
  });

  it('treats an empty file, or a section with every entry commented out, as defaults', async () => {
    const loaded = await loadConfig(undefined, { cwd: folderWith('# nothing yet\n'), env: {} });
    expect([...loaded.sites.keys()]).toEqual(['demo']);
    const commented = await loadConfig(undefined, { cwd: folderWith('sites:\n  # - id: shop\nfunnels:\n'), env: {} });
    expect([...commented.sites.keys()]).toEqual(['demo']);
    expect(commented.config.funnels.map((f) => f.id)).toEqual(['purchase']);
  });

  it('resolves anchors, aliases and merge keys', async () => {
    const text = [
      'sites:',
      '  - &base { id: shop-a, currency: USD }',
      '  - { <<: *base, id: shop-b }',
      'funnels:',
      '  - { id: a, steps: &steps [visit, purchase] }',
      '  - { id: b, steps: *steps }',
      '',
    ].join('\n');
    const loaded = await loadConfig(undefined, { cwd: folderWith(text), env: {} });
    expect(loaded.sites.get('shop-b')?.currency).toBe('USD');
    expect(loaded.config.funnels.find((f) => f.id === 'b')?.steps).toEqual(['visit', 'purchase']);
  });

  it('loads midgoal.example.yaml from the repository without error', async () => {
    const example = fileURLToPath(new URL('../../midgoal.example.yaml', import.meta.url));
    const loaded = await loadConfig(example, { env: {} });
    expect([...loaded.sites.keys()]).toEqual(['my-shop', 'my-shop-en', 'demo']);
    expect(loaded.config.funnels.map((f) => f.id)).toEqual(['purchase', 'detail-to-purchase', 'newsletter-signup']);
  });
});

describe('loadConfig: which file', () => {
  it('uses built-in defaults when no path, no MIDGOAL_CONFIG and no ./midgoal.yaml', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const loaded = await loadConfig(undefined, { cwd: empty, env: {} });
    expect(loaded.path).toBeNull();
    expect(loaded.config.demo).toBe(true);
    expect(loaded.sites.get('demo')).toEqual({
      id: 'demo',
      name: 'Demo Shop / デモショップ',
      timezone: 'Asia/Tokyo',
      currency: 'JPY',
      origins: ['*'],
    });
    expect(loaded.config.funnels.find((f) => f.id === 'purchase')?.window).toBe(604800);
  });

  it('reads MIDGOAL_CONFIG before ./midgoal.yaml, and an explicit path before both', async () => {
    const cwd = folderWith('sites: [{ id: from-cwd }]\n');
    const envFile = path.join(folderWith('sites: [{ id: from-env }]\n'), 'midgoal.yaml');
    const argFile = path.join(folderWith('sites: [{ id: from-arg }]\n'), 'midgoal.yaml');
    const first = (l: { sites: ReadonlyMap<string, unknown> }) => [...l.sites.keys()][0];
    expect(first(await loadConfig(undefined, { cwd, env: {} }))).toBe('from-cwd');
    expect(first(await loadConfig(undefined, { cwd, env: { MIDGOAL_CONFIG: envFile } }))).toBe('from-env');
    expect(first(await loadConfig(argFile, { cwd, env: { MIDGOAL_CONFIG: envFile } }))).toBe('from-arg');
  });

  it('says so when an explicit path or MIDGOAL_CONFIG names a missing file', async () => {
    const cwd = path.join(dir, 'empty');
    mkdirSync(cwd, { recursive: true });
    const missing = path.join(cwd, 'nope.yaml');
    await expect(loadConfig('nope.yaml', { cwd, env: {} })).rejects.toThrow(
      `nope.yaml: file not found (looked for ${missing}); check the path given with --config`,
    );
    await expect(loadConfig(undefined, { cwd, env: { MIDGOAL_CONFIG: missing } })).rejects.toThrow(
      `nope.yaml: file not found (looked for ${missing}); MIDGOAL_CONFIG names this file: correct the variable or unset it`,
    );
  });
});
