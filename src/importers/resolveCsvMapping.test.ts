import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePairs } from './csvMapping.ts';
import { resolveCsvMapping } from './resolveCsvMapping.ts';

const MAPPINGS = path.resolve(import.meta.dirname, '../../docs/mappings');
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-mapping-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parsePairs', () => {
  it('reads key=value lists as --map and --rename take them', () => {
    expect(parsePairs('name=event_type, ts=event_time,props.product_id=product_id', '--map')).toEqual({
      name: 'event_type',
      ts: 'event_time',
      'props.product_id': 'product_id',
    });
    expect(() => parsePairs('view', '--rename')).toThrow('--rename: "view" is not key=value');
  });
});

describe('resolveCsvMapping', () => {
  it('loads the documented mapping files', async () => {
    const rees = await resolveCsvMapping({ mappingFile: path.join(MAPPINGS, 'rees46.yaml'), flags: {} });
    expect(rees.map).toMatchObject({ name: 'event_type', visitor: 'user_id', session: 'user_session', ts: 'event_time' });
    expect(rees.rename).toMatchObject({ view: 'view_item', cart: 'add_to_cart', purchase: 'purchase' });
    const taobao = await resolveCsvMapping({ mappingFile: path.join(MAPPINGS, 'taobao.yaml'), flags: {} });
    expect(taobao.header).toBe(false);
    expect(taobao.columns).toEqual(['user_id', 'item_id', 'category_id', 'behavior_type', 'timestamp']);
    expect(taobao.rename).toEqual({ pv: 'view_item', cart: 'add_to_cart', buy: 'purchase', fav: 'add_to_wishlist' });
    for (const name of ['diginetica-views.yaml', 'diginetica-purchases.yaml']) {
      const m = await resolveCsvMapping({ mappingFile: path.join(MAPPINGS, name), flags: {} });
      expect(m.delimiter).toBe(';');
    }
  });

  it('lays flags over the file: map entries merge, scalars replace', async () => {
    const m = await resolveCsvMapping({
      mappingFile: path.join(MAPPINGS, 'rees46.yaml'),
      flags: { map: { visitor: 'user_session' }, delimiter: 'tab', rename: { view: 'page_view' } },
    });
    expect(m.map.visitor).toBe('user_session');
    expect(m.map.ts).toBe('event_time');
    expect(m.delimiter).toBe('\t');
    expect(m.rename.view).toBe('page_view');
    expect(m.rename.cart).toBe('add_to_cart');
  });

  it('says what is missing when only flags are given', async () => {
    await expect(resolveCsvMapping({ flags: { map: { name: 'event_type' } } })).rejects.toThrow(
      /--map \(map\) map the event time: ts=<column>[\s\S]*--map \(map\) map who did it/,
    );
  });

  it('points at the line of a mistake in the mapping file', async () => {
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, 'map:\n  name: event_type\n  visitor: user_id\n  ts: event_time\n  colour: red\nrename:\n  view: "view item"\n');
    const attempt = resolveCsvMapping({ mappingFile: file, flags: {} });
    await expect(attempt).rejects.toThrow(`${file}:5:3 map.colour: the target must be one of`);
    await expect(attempt).rejects.toThrow(`${file}:7:3 rename.view: an event name starts with a letter`);
  });

  it('explains an unreadable or non-YAML mapping file', async () => {
    await expect(resolveCsvMapping({ mappingFile: path.join(dir, 'missing.yaml'), flags: {} })).rejects.toThrow(
      /Cannot read the mapping file .*missing\.yaml \(ENOENT\)/,
    );
    const file = path.join(dir, 'broken.yaml');
    await writeFile(file, 'map: [unclosed\n');
    await expect(resolveCsvMapping({ mappingFile: file, flags: {} })).rejects.toThrow(/is not valid YAML/);
  });
});
