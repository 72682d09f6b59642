import { DuckDBDataChunk } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { blankStoredEvent } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { ChunkPool } from './appendEventChunks.ts';
import type { ChunkColumn } from './appendEventChunks.ts';
import { BulkBatchBuilder } from './BulkBatchBuilder.ts';
import { EVENT_CHUNK_COLUMNS, KEY_CHUNK_COLUMNS } from './eventChunkColumns.ts';
import { eventsFromChunks, keyTimesAt } from './eventsFromChunks.ts';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

/** Events with every kind of value: NULLs, long repeated URLs, non-ASCII, JSON, numbers. */
function events(count: number, from = 0): StoredEvent[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      ...blankStoredEvent({ id: `ev-${i}`, site: 'shop', ts: T0 + i * 1000, name: i % 3 === 0 ? 'purchase' : 'page_view', visitor: `visitor-${i % 97}` }),
      url: i % 4 === 0 ? null : `https://shop.example/商品/${i % 5}`,
      path: `/p/${i % 5}`,
      title: i % 2 === 0 ? 'ほうじ茶 100g' : null,
      props: i % 3 === 0 ? JSON.stringify({ coupon: `C${i}` }) : null,
      value: i % 3 === 0 ? 4980 + i : null,
      currency: i % 3 === 0 ? 'JPY' : null,
      received: T0 + i * 1000 + 5,
    };
  });
}

const pools = (): [ChunkPool, ChunkPool] => [
  new ChunkPool(EVENT_CHUNK_COLUMNS as ChunkColumn<unknown>[]),
  new ChunkPool(KEY_CHUNK_COLUMNS as ChunkColumn<unknown>[]),
];

/** The position column of key chunks, in order. */
function positions(keyChunks: readonly DuckDBDataChunk[]): number[] {
  return keyChunks.flatMap((built) => new DuckDBDataChunk(built.chunk).getColumnValues(3) as number[]);
}

describe('BulkBatchBuilder', () => {
  it('builds pieces of any size into whole 2,048-row chunks, positions counted from the batch start', () => {
    const builder = new BulkBatchBuilder(...pools());
    const all = events(5_000);
    // Pieces of 1, 2,047, 2,500 and 452 rows: 5,000 rows = two whole chunks and 904 rows.
    builder.add(all.slice(0, 1));
    builder.add(all, 1, 2_048);
    builder.add(all.slice(2_048, 4_548));
    expect(builder.rows).toBe(4_548);
    builder.add(all.slice(4_548));
    const batch = builder.take();
    expect(batch.count).toBe(5_000);
    expect(batch.eventChunks.map((c) => c.rowCount)).toEqual([2_048, 2_048, 904]);
    expect(positions(batch.keyChunks)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    expect(batch.span.map((v) => Number((v as unknown as { micros: bigint }).micros / 1000n))).toEqual([T0, T0 + 4_999_000]);
    // Read back: every field as given.
    expect(eventsFromChunks(batch.eventChunks)).toEqual(all);
    expect(keyTimesAt(batch.keyChunks, [4_999, 0, 2_048])).toEqual([T0, T0 + 2_048_000, T0 + 4_999_000]);
    // The next batch starts empty, at position 0.
    builder.add(events(3, 9_000));
    const next = builder.take();
    expect(positions(next.keyChunks)).toEqual([0, 1, 2]);
    expect(eventsFromChunks(next.eventChunks).map((e) => e.id)).toEqual(['ev-9000', 'ev-9001', 'ev-9002']);
  });

  it('refuses a piece with an event without a valid ts, adding none of it', () => {
    const builder = new BulkBatchBuilder(...pools());
    builder.add(events(10));
    const bad = events(5, 10);
    (bad[3] as { ts: unknown }).ts = Number.NaN;
    expect(() => builder.add(bad)).toThrow('Event ev-13 has no valid ts (NaN)');
    expect(builder.rows).toBe(10);
    expect(eventsFromChunks(builder.take().eventChunks).map((e) => e.id)).toEqual(events(10).map((e) => e.id));
  });

  it('rounds ts to whole ms as the store does', () => {
    const builder = new BulkBatchBuilder(...pools());
    const [e] = events(1);
    builder.add([{ ...(e as StoredEvent), ts: T0 + 0.6, received: T0 + 1.4 }]);
    const [back] = eventsFromChunks(builder.take().eventChunks);
    expect([back?.ts, back?.received]).toEqual([T0 + 1, T0 + 1]);
  });
});
