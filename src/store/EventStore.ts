/**
 * The engine adapter every store implements (DuckDB embedded now, ClickHouse later). Callers never
 * see SQL: they hand over events to write and definitions to evaluate.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { Match } from '../schema/config.ts';

export type Dialect = 'duckdb' | 'clickhouse';

/** One funnel evaluation: steps in order, counted per visitor, "sequential" semantics. */
export interface FunnelQuery {
  site: string;
  /** One match per step, in funnel order. */
  steps: Match[];
  /** Inclusive window from an attempt's first step to its last, in seconds. */
  windowSeconds: number;
  /** Only events with from <= ts < to (ms since epoch, UTC) count; open when omitted. */
  from?: number;
  to?: number;
}

export interface EventStore {
  readonly dialect: Dialect;
  /**
   * Writes a batch. When `upToSeq` is given, records in the same transaction that the ingest log
   * has been applied up to that sequence number, so a replay after a crash neither loses nor
   * duplicates. Importers writing straight into a store (no server running) pass null.
   */
  append(events: readonly StoredEvent[], upToSeq: number | null): Promise<void>;
  /** The highest ingest-log sequence number already in the store (0 when none). */
  appliedSeq(): Promise<number>;
  /** Visitors reaching each step: result[k] = visitors whose furthest level is >= k + 1. */
  funnelCounts(query: FunnelQuery): Promise<number[]>;
  /** Number of stored events, for one site or all. */
  countEvents(site?: string): Promise<number>;
  close(): Promise<void>;
}
