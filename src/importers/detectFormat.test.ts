import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFormat } from './detectFormat.ts';
import { countryCode } from './countryCode.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'midgoal-detect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('detectFormat', () => {
  it('knows CSV by its extension and tells GA4 rows from midgoal events by the first line', async () => {
    const ga4 = path.join(dir, 'events_20240501.json');
    await writeFile(ga4, '{"event_date":"20240501","event_timestamp":"1714521600000000","event_name":"page_view"}\n');
    const ndjson = path.join(dir, 'events.jsonl');
    await writeFile(ndjson, '\n{"name":"page_view","ts":1714521600000,"visitor":"v"}\n');
    expect(await detectFormat(path.join(dir, 'UserBehavior.CSV'))).toBe('csv');
    expect(await detectFormat(ga4)).toBe('ga4');
    expect(await detectFormat(ndjson)).toBe('ndjson');
    await expect(detectFormat(path.join(dir, 'dump.parquet'))).rejects.toThrow('add --format ndjson, --format csv or --format ga4');
  });
});

describe('countryCode', () => {
  it('turns GA4 country names into ISO codes', () => {
    expect(countryCode('Japan')).toBe('JP');
    expect(countryCode('United Kingdom')).toBe('GB');
    expect(countryCode('Russia')).toBe('RU');
    expect(countryCode('Hong Kong')).toBe('HK');
    expect(countryCode('Bosnia and Herzegovina')).toBe('BA');
    expect(countryCode('JP')).toBe('JP');
    expect(countryCode('Atlantis')).toBeNull();
  });
});
