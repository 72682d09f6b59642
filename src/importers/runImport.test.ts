import { describe, expect, it } from 'vitest';
import { blankStoredEvent, type StoredEvent } from '../schema/storedEvent.ts';
import type { ImportBatch } from './ImportBatch.ts';
import { ImportError } from './ImportError.ts';
import { runImport, type ImportProgress } from './runImport.ts';
import { formatImportSummary, formatProgressLine } from './formatImportSummary.ts';

const ev = (n: number): StoredEvent => blankStoredEvent({ id: `e${n}`, site: 's', ts: n, name: 'view_item', visitor: 'v' });

async function* batches(list: ImportBatch[]): AsyncGenerator<ImportBatch> {
  for (const b of list) yield b;
}

const INPUT: ImportBatch[] = [
  { events: [ev(1), ev(2)], rejected: [{ line: 3, reason: 'bad' }], bytesRead: 100 },
  { events: [], rejected: [{ line: 9, reason: 'worse' }, { line: 7, reason: 'bad' }], bytesRead: 150 },
  { events: [ev(4)], rejected: [{ line: 5, reason: 'bad' }], bytesRead: 200 },
];

describe('runImport', () => {
  it('writes every batch with events and tallies read, stored and rejected', async () => {
    const written: string[][] = [];
    const progress: ImportProgress[] = [];
    const summary = await runImport(
      batches(INPUT),
      async (events) => {
        written.push(events.map((e) => e.id));
      },
      (p) => progress.push(p),
    );
    expect(written).toEqual([['e1', 'e2'], ['e4']]);
    expect(summary).toMatchObject({ bytesRead: 200, read: 7, stored: 3, rejected: 4 });
    expect(summary.reasons).toEqual([
      { reason: 'bad', count: 3, firstLines: [3, 5, 7] },
      { reason: 'worse', count: 1, firstLines: [9] },
    ]);
    expect(progress.map((p) => p.bytesRead)).toEqual([100, 150, 200, 200]);
  });

  it('hands the next batch over while one is written, with at most two writes in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    const many = Array.from({ length: 6 }, (_, i) => ({ events: [ev(i)], rejected: [], bytesRead: i }));
    const summary = await runImport(batches(many), async (events) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      order.push(events[0]?.id ?? '');
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    });
    expect(maxInFlight).toBe(2);
    expect(order).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    expect(summary.stored).toBe(6);
  });

  it('says how many events were stored when a write fails', async () => {
    let calls = 0;
    const attempt = runImport(batches(INPUT), async () => {
      if (++calls === 2) throw new Error('disk full');
    });
    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(attempt).rejects.toThrow('Writing the events failed after 2 were stored: disk full');
  });
});

describe('formatImportSummary', () => {
  const summary = {
    bytesRead: 2_000_000,
    read: 12_345,
    stored: 12_000,
    rejected: 345,
    elapsedMs: 2000,
    reasons: [
      { reason: 'expected 9 columns, found 5', count: 340, firstLines: [17, 18, 40, 41, 90] },
      { reason: 'ts: empty', count: 5, firstLines: [2, 3, 4, 5, 6] },
    ],
  };

  it('prints counts, speed and reasons with their first lines in English', () => {
    expect(formatImportSummary(summary, { file: 'x.csv', target: 'the store in ./.data' }, 'en')).toBe(
      [
        'Imported x.csv into the store in ./.data in 2.0 s',
        '  read     12,345',
        '  stored   12,000 (6,000 events/s)',
        '  rejected 345',
        'Rejected lines by reason (most frequent first):',
        '  340 × expected 9 columns, found 5 (lines 17, 18, 40, 41, 90, …)',
        '  5 × ts: empty (lines 2, 3, 4, 5, 6)',
      ].join('\n'),
    );
  });

  it('prints the same in Japanese', () => {
    const text = formatImportSummary(summary, { file: 'x.csv', target: 'the store in ./.data' }, 'ja');
    expect(text).toContain('保存     12,000 件（毎秒 6,000 件）');
    expect(text).toContain('340 件: expected 9 columns, found 5（行 17, 18, 40, 41, 90, …）');
  });

  it('makes a progress line for logs', () => {
    expect(formatProgressLine(summary, 4_000_000, 'en')).toBe(
      'importing: 50% (2.0/4.0 MB) read 12,345, stored 12,000, rejected 345, 6,000 events/s',
    );
  });
});

describe('runImport into a sink', () => {
  it('hands each batch to the sink, finishes it, and reports what the sink stored', async () => {
    const added: string[][] = [];
    let finished = 0;
    let stored = 0;
    const sink = {
      add: async (events: StoredEvent[]) => {
        added.push(events.map((e) => e.id));
      },
      finish: async () => {
        finished++;
        stored = 3;
      },
      abort: async () => undefined,
      get stored() {
        return stored;
      },
    };
    const summary = await runImport(batches(INPUT), sink);
    expect(added).toEqual([['e1', 'e2'], ['e4']]);
    expect(finished).toBe(1);
    expect(summary).toMatchObject({ read: 7, stored: 3, rejected: 4 });
  });

  it('a sink that fails stops the import, waits for the writes on their way, and says how many were stored', async () => {
    let aborted = 0;
    const sink = {
      add: async (events: StoredEvent[]) => {
        if (events[0]?.id === 'e4') throw new Error('disk full');
      },
      finish: async () => undefined,
      abort: async () => {
        aborted++;
      },
      stored: 2,
    };
    await expect(runImport(batches(INPUT), sink)).rejects.toThrow('Writing the events failed after 2 were stored: disk full');
    expect(aborted).toBe(1);
  });

  it('a file that fails to read stops the sink before the error goes on', async () => {
    let aborted = 0;
    async function* broken(): AsyncGenerator<ImportBatch> {
      yield INPUT[0] as ImportBatch;
      throw new Error('unexpected end of file');
    }
    const sink = { add: async () => undefined, finish: async () => undefined, abort: async () => void aborted++, stored: 0 };
    await expect(runImport(broken(), sink)).rejects.toThrow('unexpected end of file');
    expect(aborted).toBe(1);
  });
});
