/**
 * Streams the per-unit rows of buildDuckDbFunnelSql chunk by chunk, reading straight from the
 * result vectors into one reused typed array (no per-row objects), for funnelCounts and
 * funnelUnits alike — one pass, two consumers.
 */
import { DOUBLE, DuckDBDoubleVector, DuckDBListVector, DuckDBStructVector, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBResult, DuckDBType, DuckDBVector } from '@duckdb/node-api';
import type { CheckedFunnelQuery } from '../../query/funnelQuerySchema.ts';
import { buildDuckDbFunnelSql } from '../../query/buildDuckDbFunnelSql.ts';
import type { SqlFragment } from '../../query/SqlFragment.ts';

/** One unit's row; valid only during the callback. */
export class FunnelScanRow {
  /** The OR of the unit's step bits. */
  seen = 0;
  /** Filled by loadCodes(). */
  codes = new Float64Array(256);
  private chunk: DuckDBDataChunk | null = null;
  private row = 0;
  private lists: DuckDBListVector | null = null;
  private items: DuckDBDoubleVector | null = null;

  constructor(private readonly columns: ReadonlyMap<string, number>) {}

  /** @internal */
  at(chunk: DuckDBDataChunk, lists: DuckDBListVector, items: DuckDBDoubleVector, row: number, seen: number): void {
    this.chunk = chunk;
    this.lists = lists;
    this.items = items;
    this.row = row;
    this.seen = seen;
  }

  /** Copies the unit's codes into `codes` (grown as needed); returns how many. */
  loadCodes(): number {
    const lists = this.lists;
    const items = this.items;
    if (!lists || !items) return 0;
    const offset = lists.getEntryOffset(this.row);
    const length = lists.getEntryLength(this.row);
    if (this.codes.length < length) this.codes = new Float64Array(Math.max(length, this.codes.length * 2));
    const codes = this.codes;
    for (let j = 0; j < length; j++) codes[j] = items.getItem(offset + j) ?? 0;
    return length;
  }

  /** Visitor id, or `visitor + '\u0000' + session_key` for sessions (needs withIds). */
  id(): string {
    const visitor = String(this.value('visitor') ?? '');
    return this.columns.has('session_key') ? `${visitor}\u0000${String(this.value('session_key') ?? '')}` : visitor;
  }

  /**
   * The breakdown value of a unit at `level` whose counted attempt started at `firstSecond`:
   * the dimension on the step-0 event of that second (the earliest by ms; then the smallest
   * value), `new`/`returning`, or the unit's landing page. Null when there is none.
   */
  breakdown(level: number, firstSecond: number): string | null {
    if (this.columns.has('landing')) {
      const landing = this.value('landing');
      return landing === null ? null : String(landing);
    }
    if (level < 1 || !this.columns.has('firsts')) return null;
    const first = this.firstStep(firstSecond);
    if (!first) return null;
    if (this.columns.has('first_ms')) {
      const firstMs = Number(this.value('first_ms'));
      return firstMs < first.ms ? 'returning' : 'new';
    }
    return first.value;
  }

  private firstStep(second: number): { ms: number; value: string | null } | null {
    const lists = this.vector('firsts');
    if (!(lists instanceof DuckDBListVector)) return null;
    const structs = lists.childVector;
    if (!(structs instanceof DuckDBStructVector)) throw new Error('internal: funnel firsts are not structs');
    const msVector = structs.entryVectorAt(0);
    const values = structs.entryVectorAt(1);
    const offset = lists.getEntryOffset(this.row);
    const length = lists.getEntryLength(this.row);
    let best: { ms: number; value: string | null } | null = null;
    for (let j = offset; j < offset + length; j++) {
      const ms = Number(msVector.getItem(j));
      if (Math.floor(ms / 1000) !== second) continue;
      const raw = values.getItem(j);
      const value = raw === null ? null : String(raw);
      if (!best || ms < best.ms || (ms === best.ms && value !== null && (best.value === null || value < best.value))) {
        best = { ms, value };
      }
    }
    return best;
  }

  private vector(name: string): DuckDBVector | null {
    const index = this.columns.get(name);
    return index === undefined || !this.chunk ? null : this.chunk.getColumnVector(index);
  }

  private value(name: string): unknown {
    return this.vector(name)?.getItem(this.row) ?? null;
  }
}

/** Runs the funnel query for `checked` and calls `onRow` once per unit. */
export async function scanFunnelUnits(
  conn: DuckDBConnection,
  checked: CheckedFunnelQuery,
  options: { withIds: boolean; withBreakdown: boolean },
  onRow: (row: FunnelScanRow) => void,
): Promise<void> {
  const fragment = buildDuckDbFunnelSql(checked.query, options);
  const result = await conn.stream(fragment.sql, [...fragment.params], paramTypes(fragment));
  const columns = new Map(result.columnNames().map((name, i) => [name, i]));
  const row = new FunnelScanRow(columns);
  // Ask for the next chunk before working through this one: DuckDB fills it on its own thread
  // meanwhile.
  let pending = prefetch(result);
  for (;;) {
    const chunk = await pending;
    const rows = chunk?.rowCount ?? 0;
    if (!chunk || rows === 0) break;
    pending = prefetch(result);
    const lists = chunk.getColumnVector(0);
    if (!(lists instanceof DuckDBListVector)) throw new Error('internal: funnel codes are not a list');
    const items = lists.childVector;
    if (!(items instanceof DuckDBDoubleVector)) throw new Error('internal: funnel codes are not doubles');
    const seen = chunk.getColumnVector(1);
    for (let r = 0; r < rows; r++) {
      row.at(chunk, lists, items, r, Number(seen.getItem(r)));
      onRow(row);
    }
  }
}

/**
 * The next chunk. Marked handled at once: if processing the current chunk throws, nobody awaits
 * this one, and its failure must not surface later as an unhandled rejection.
 */
function prefetch(result: DuckDBResult): Promise<DuckDBDataChunk | null> {
  const next = result.fetchChunk();
  next.catch(() => undefined);
  return next;
}

/** Strings bind as VARCHAR, numbers as DOUBLE (exact for ms timestamps; SQL casts as needed). */
function paramTypes(fragment: SqlFragment): DuckDBType[] {
  return fragment.params.map((v) => (typeof v === 'string' ? VARCHAR : DOUBLE));
}
