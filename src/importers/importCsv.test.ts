import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ImportBatch } from './ImportBatch.ts';
import { csvMappingSchema, type CsvMappingInput } from './csvMapping.ts';
import { importCsv } from './importCsv.ts';
import { importIdPrefix } from './importEventId.ts';
import { ImportError } from './ImportError.ts';

const NOW = Date.UTC(2024, 0, 1);

async function run(text: string, mapping: CsvMappingInput, forceCsvParse = false) {
  const batches: ImportBatch[] = [];
  const ctx = { site: 'shop', fileName: 'sample.csv', now: NOW, mapping: csvMappingSchema.parse(mapping), forceCsvParse };
  for await (const b of importCsv(Readable.from([text]), ctx)) batches.push(b);
  return { events: batches.flatMap((b) => b.events), rejected: batches.flatMap((b) => b.rejected) };
}

/** The first rows of the REES46 sample, verbatim, plus a cart and a purchase from later in it. */
const REES46 = `event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c
2019-10-01 00:00:00 UTC,view,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc
2019-10-01 00:00:01 UTC,cart,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc
2019-10-01 00:00:05 UTC,purchase,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc
`;
const REES46_MAPPING: CsvMappingInput = {
  map: {
    name: 'event_type',
    visitor: 'user_id',
    session: 'user_session',
    ts: 'event_time',
    value: 'price',
    'props.product_id': 'product_id',
    'props.brand': 'brand',
  },
  rename: { view: 'view_item', cart: 'add_to_cart' },
};

describe('importCsv', () => {
  it('maps REES46 rows: renamed names, UTC times, price as value, string props', async () => {
    const { events, rejected } = await run(REES46, REES46_MAPPING);
    expect(rejected).toEqual([]);
    expect(events.map((e) => e.name)).toEqual(['view_item', 'view_item', 'add_to_cart', 'purchase']);
    expect(events[0]).toMatchObject({
      id: `${importIdPrefix('sample.csv')}2`,
      ts: Date.UTC(2019, 9, 1, 0, 0, 0),
      visitor: '541312140',
      session: '72d76fde-8bb3-4e00-8c23-a032dfed738c',
      value: 35.79,
      props: '{"product_id":"44600062","brand":"shiseido"}',
      channel: 'direct',
      received: NOW,
    });
    expect(events[3]?.ts).toBe(Date.UTC(2019, 9, 1, 0, 0, 5));
    expect(events[3]?.value).toBe(33.2);
  });

  it('gives the same events through csv-parse as through the fast path', async () => {
    expect(await run(REES46, REES46_MAPPING, true)).toEqual(await run(REES46, REES46_MAPPING));
  });

  it('reads a header-less Taobao file with --columns, unix seconds and a 4-way rename', async () => {
    const text = '543462,1715,1464116,pv,1511658000\n662867,2244074,1575622,fav,1511658000\n1,2,3,buy,1511665811\n';
    const { events } = await run(text, {
      header: false,
      columns: ['user_id', 'item_id', 'category_id', 'behavior_type', 'timestamp'],
      map: { name: 'behavior_type', visitor: 'user_id', ts: 'timestamp', 'props.item_id': 'item_id' },
      rename: { pv: 'view_item', cart: 'add_to_cart', buy: 'purchase', fav: 'add_to_wishlist' },
    });
    expect(events.map((e) => [e.id, e.name, e.visitor, e.ts, e.session])).toEqual([
      [`${importIdPrefix('sample.csv')}1`, 'view_item', '543462', 1511658000000, ''],
      [`${importIdPrefix('sample.csv')}2`, 'add_to_wishlist', '662867', 1511658000000, ''],
      [`${importIdPrefix('sample.csv')}3`, 'purchase', '1', 1511665811000, ''],
    ]);
  });

  it('builds Diginetica times from a date plus milliseconds, with NA as empty and one event name', async () => {
    const text = 'session_id;user_id;item_id;timeframe;eventdate\n1;NA;81766;526309;2016-05-09\n2;7;31331;1031018;2016-05-09';
    const { events } = await run(text, {
      map: { session: 'session_id', visitor: 'user_id', ts: 'eventdate', ts_offset_ms: 'timeframe', 'props.item_id': 'item_id' },
      eventName: 'view_item',
      nullValues: ['NA'],
    });
    expect(events.map((e) => [e.name, e.visitor, e.session, e.ts])).toEqual([
      ['view_item', '1', '1', Date.UTC(2016, 4, 9) + 526309],
      ['view_item', '7', '2', Date.UTC(2016, 4, 9) + 1031018],
    ]);
  });

  it('rejects broken rows with their line and reason, and imports the rest', async () => {
    const lines = REES46.trimEnd().split('\n');
    const text = [
      ...lines.slice(0, 3), // header + 2 good rows (lines 1-3)
      '2019-10-01 00:00:02 UTC,view,1,2,,b', // 4: cut short
      'yesterday,view,1,2,,b,1.00,5,s', // 5: bad time
      '2019-10-01 00:00:02 UTC,view now,1,2,,b,1.00,5,s', // 6: bad event name
      '2019-10-01 00:00:02 UTC,view,1,2,,b,cheap,5,s', // 7: value not a number
      '2019-10-01 00:00:02 UTC,view,1,2,,b,1.00,,', // 8: no visitor, no session
      lines[3], // 9: good
      '2019-10-01 00:00:03 UTC,purch', // 10: file cut mid-line
    ].join('\n');
    const { events, rejected } = await run(text, REES46_MAPPING);
    expect(events.map((e) => e.id)).toEqual([2, 3, 9].map((n) => `${importIdPrefix('sample.csv')}${n}`));
    expect(rejected.map((r) => [r.line, r.reason.split(' ')[0]])).toEqual([
      [4, 'expected'],
      [5, 'ts:'],
      [6, 'name:'],
      [7, 'value:'],
      [8, 'visitor:'],
      [10, 'expected'],
    ]);
    expect(rejected[0]?.reason).toContain('expected 9 columns, found 6');
  });

  it('stops before writing anything when a mapped column does not exist, naming the closest one', async () => {
    const attempt = run(REES46, { ...REES46_MAPPING, map: { ...REES46_MAPPING.map, session: 'user_sesion' } });
    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(attempt).rejects.toThrow('session=user_sesion: no column "user_sesion" — did you mean "user_session"?');
  });
});
