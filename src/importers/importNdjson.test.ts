import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ImportBatch } from './ImportBatch.ts';
import { importNdjson } from './importNdjson.ts';
import { BAD_JSON_REASON } from './importJsonLines.ts';
import { importIdPrefix } from './importEventId.ts';
import { TS_REQUIRED_REASON } from './checkImportEvent.ts';
import { NO_VISITOR_REASON } from './wireToStored.ts';

const NOW = Date.UTC(2024, 5, 1);
const T0 = Date.UTC(2024, 4, 1); // 1714521600000

async function run(text: string | string[], batchSize?: number): Promise<ImportBatch[]> {
  const out: ImportBatch[] = [];
  const parts = Array.isArray(text) ? text : [text];
  for await (const b of importNdjson(Readable.from(parts), { site: 'shop', fileName: '/any/dir/events.ndjson', now: NOW, ...(batchSize ? { batchSize } : {}) })) {
    out.push(b);
  }
  return out;
}

const line = (o: Record<string, unknown>): string => JSON.stringify(o);

describe('importNdjson', () => {
  it('converts wire events, taking path and utm_* from the URL', async () => {
    const [batch] = await run(
      line({
        name: 'page_view',
        ts: '2024-05-01T09:00:00+09:00',
        visitor: 'v1',
        session: 's1',
        url: 'https://shop.example/products/tea?utm_source=newsletter&utm_medium=email&utm_campaign=may',
        props: { product_id: 'tea' },
      }) + '\n',
    );
    const ev = batch?.events[0];
    expect(ev).toMatchObject({
      id: `${importIdPrefix('events.ndjson')}1`,
      site: 'shop',
      ts: T0,
      name: 'page_view',
      visitor: 'v1',
      session: 's1',
      path: '/products/tea',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'may',
      channel: 'email',
      props: '{"product_id":"tea"}',
      received: NOW,
    });
  });

  it('keeps the client id, and derives the same ids from the same file name and line', async () => {
    const text = [line({ name: 'a', ts: T0, visitor: 'v', id: 'evt-9' }), line({ name: 'b', ts: T0, visitor: 'v' })].join('\n');
    const first = (await run(text))[0]?.events.map((e) => e.id);
    const again = (await run(text))[0]?.events.map((e) => e.id);
    expect(first).toEqual(['evt-9', `${importIdPrefix('events.ndjson')}2`]);
    expect(again).toEqual(first);
    expect(importIdPrefix('/a/events.ndjson')).toBe(importIdPrefix('events.ndjson'));
    expect(importIdPrefix('events-2.ndjson')).not.toBe(importIdPrefix('events.ndjson'));
  });

  it('rejects bad lines by number and imports the rest, including a file cut mid-line', async () => {
    const good = line({ name: 'view_item', ts: T0, visitor: 'v' });
    const text = [
      good, // 1
      '{"name": "view_item", "ts": 17145', // 2: bad JSON
      '', // 3: blank, skipped silently
      line({ name: 'view_item', visitor: 'v' }), // 4: no ts
      line({ name: 'view_item', ts: T0 }), // 5: no visitor
      line({ name: 'view_item', ts: 1714521600, visitor: 'v' }), // 6: seconds, not ms → 1970
      good, // 7
      good.slice(0, 20), // 8: cut short, no newline at the end
    ].join('\n');
    const batches = await run(text);
    const events = batches.flatMap((b) => b.events);
    const rejected = batches.flatMap((b) => b.rejected);
    expect(events.map((e) => e.id)).toEqual([`${importIdPrefix('events.ndjson')}1`, `${importIdPrefix('events.ndjson')}7`]);
    expect(rejected.map((r) => r.line)).toEqual([2, 4, 5, 6, 8]);
    expect(rejected[0]?.reason).toBe(BAD_JSON_REASON);
    expect(rejected[1]?.reason).toBe(TS_REQUIRED_REASON);
    expect(rejected[2]?.reason).toBe(NO_VISITOR_REASON);
    expect(rejected[3]?.reason).toMatch(/^ts: before 2000-01-01/);
    expect(rejected[4]?.reason).toBe(BAD_JSON_REASON);
    expect(batches.at(-1)?.bytesRead).toBe(Buffer.byteLength(text));
  });

  it('uses the session as visitor when only a session is given', async () => {
    const [batch] = await run(line({ name: 'a', ts: T0, session: 's7' }));
    expect(batch?.events[0]).toMatchObject({ visitor: 's7', session: 's7' });
  });

  it('yields batches of the requested size', async () => {
    const text = Array.from({ length: 5 }, (_, i) => line({ name: 'a', ts: T0 + i, visitor: 'v' })).join('\n');
    const sizes = (await run(text, 2)).map((b) => b.events.length);
    expect(sizes).toEqual([2, 2, 1]);
  });
});
