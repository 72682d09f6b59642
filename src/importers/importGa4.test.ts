import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { ImportBatch } from './ImportBatch.ts';
import { importGa4 } from './importGa4.ts';
import { BAD_JSON_REASON } from './importJsonLines.ts';

/** 20 rows written from the GA4 BigQuery export schema: 3 visitors, 4 sessions (see the file). */
const FIXTURE = path.resolve(import.meta.dirname, '../../test/fixtures/ga4-sample.ndjson');
const NOW = Date.UTC(2024, 5, 1);
const A = '1111111111.1714521600';
const B = '2222222222.1714525200';
const C = '3333333333.1714528800';

async function collect(input: AsyncIterable<Buffer | string>): Promise<ImportBatch[]> {
  const out: ImportBatch[] = [];
  for await (const b of importGa4(input, { site: 'shop', fileName: 'ga4-sample.ndjson', now: NOW })) out.push(b);
  return out;
}

async function fixtureEvents(): Promise<StoredEvent[]> {
  const batches = await collect(createReadStream(FIXTURE));
  expect(batches.flatMap((b) => b.rejected)).toEqual([]);
  return batches.flatMap((b) => b.events);
}

function count<T>(values: T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

describe('importGa4 on the fixture', () => {
  it('imports all 20 rows with their names, visitors and sessions', async () => {
    const events = await fixtureEvents();
    expect(events).toHaveLength(20);
    expect(count(events.map((e) => e.name))).toEqual({
      session_start: 4,
      page_view: 4,
      view_item: 4,
      add_to_cart: 2,
      begin_checkout: 2,
      purchase: 2,
      scroll: 1,
      user_engagement: 1,
    });
    expect(count(events.map((e) => e.visitor))).toEqual({ [A]: 6, [B]: 8, [C]: 6 });
    expect(new Set(events.map((e) => e.session))).toEqual(
      new Set([`${A}:1714521600`, `${B}:1714525200`, `${B}:1714611600`, `${C}:1714528800`]),
    );
  });

  it('reads microsecond timestamps given as strings or numbers', async () => {
    const events = await fixtureEvents();
    expect(events[0]?.ts).toBe(Date.UTC(2024, 4, 1, 0, 0, 0)); // "1714521600000000"
    expect(events[1]?.ts).toBe(Date.UTC(2024, 4, 1, 0, 0, 1)); // 1714521601000000
    expect(events.at(-1)?.ts).toBe(Date.UTC(2024, 4, 1, 2, 3, 0));
  });

  it('takes revenue, currency, transaction and items from a purchase', async () => {
    const [a, b] = (await fixtureEvents()).filter((e) => e.name === 'purchase');
    // A's purchase has no `value` param: revenue comes from ecommerce.purchase_revenue.
    expect(a).toMatchObject({ visitor: A, value: 2400, currency: 'JPY', path: '/checkout/thanks' });
    expect(JSON.parse(a?.props ?? '{}')).toMatchObject({ transaction_id: 'T-1001', first_user_source: 'google', first_user_medium: 'organic' });
    // "(not set)" brand dropped, INT64 quantity "2" made a number.
    expect(JSON.parse(a?.items ?? '[]')).toEqual([{ item_id: 'tea-01', item_name: 'Sencha', item_category: 'Green tea', price: 1200, quantity: 2 }]);
    expect(b).toMatchObject({ visitor: B, value: 30.5, currency: 'USD' });
    expect(JSON.parse(b?.props ?? '{}')).toMatchObject({ user_id: 'member-42', transaction_id: 'T-1002' });
  });

  it('classifies channels from the event URL and referrer like the collector', async () => {
    const events = await fixtureEvents();
    const at = (visitor: string, name: string) => events.find((e) => e.visitor === visitor && e.name === name);
    expect(at(A, 'session_start')).toMatchObject({ channel: 'email', utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'may', path: '/' });
    expect(at(A, 'view_item')).toMatchObject({ channel: 'direct', path: '/products/tea-01', referrer: 'https://shop.example/' });
    expect(at(B, 'page_view')).toMatchObject({ channel: 'paid_search', gclid: 'abc123', referrer: 'https://www.google.com/' });
    // C's page_view carries source/medium/campaign as event params.
    expect(at(C, 'page_view')).toMatchObject({ channel: 'social', utm_source: 'line', utm_medium: 'social', utm_campaign: 'spring' });
    expect(at(C, 'session_start')).toMatchObject({ channel: 'direct', utm_source: null });
  });

  it('maps device, browser, OS and country (as ISO codes)', async () => {
    const events = await fixtureEvents();
    const first = (v: string) => events.find((e) => e.visitor === v);
    expect(first(A)).toMatchObject({ device: 'mobile', os: 'iOS', browser: 'Safari', country: 'JP' });
    expect(first(B)).toMatchObject({ device: 'desktop', os: 'Windows', browser: 'Chrome', country: 'US' });
    expect(first(C)).toMatchObject({ device: 'tablet', os: 'Android', browser: 'Chrome', country: 'DE' });
    expect(events.find((e) => e.name === 'user_engagement')?.props).toBe('{"engagement_time_msec":15000}');
  });
});

describe('importGa4 on damaged input', () => {
  it('rejects bad rows by line number and keeps the rest, including a row cut mid-line', async () => {
    const rows = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n');
    const text = [
      rows[0], // 1
      '{"event_name": "page_view"}', // 2: no event_timestamp
      '{"event_name": "page_view", "event_timestamp": "1714521600000000", "event_params": []}', // 3: no visitor
      '{"event_name": "page_view", "event_timestamp": "17145", "user_pseudo_id": "x"}', // 4: 1970
      'not json', // 5
      rows[1], // 6
      (rows[2] ?? '').slice(0, 300), // 7: cut
    ].join('\n');
    const batches = await collect(Readable.from([text]));
    const rejected = batches.flatMap((b) => b.rejected);
    expect(batches.flatMap((b) => b.events).map((e) => e.name)).toEqual(['session_start', 'page_view']);
    expect(rejected.map((r) => r.line)).toEqual([2, 3, 4, 5, 7]);
    expect(rejected[0]?.reason).toMatch(/^event_timestamp: .*GA4 BigQuery export row/);
    expect(rejected[1]?.reason).toMatch(/^user_pseudo_id: empty/);
    expect(rejected[2]?.reason).toMatch(/^event_timestamp: before 2000-01-01/);
    expect(rejected[3]?.reason).toBe(BAD_JSON_REASON);
    expect(rejected[4]?.reason).toBe(BAD_JSON_REASON);
  });
});
