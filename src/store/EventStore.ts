/**
 * The engine adapter every store implements: embedded DuckDB (duckdb/) and ClickHouse (clickhouse/). Callers never
 * see SQL: they hand over events to write and definitions to evaluate.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import type { Match } from '../schema/config.ts';

export type Dialect = 'duckdb' | 'clickhouse';

/**
 * DESIGN.md "Funnel semantics": how the steps of one attempt may be ordered. The exact rules are
 * in src/query/funnelSequential.ts, funnelStrict.ts and funnelAny.ts (one machine each).
 * - `sequential`: ClickHouse windowFunnel; other events may come between steps.
 * - `strict`: windowFunnel 'strict_order' — after a step, the next event that matches any step of
 *   this funnel must be the next step (or a repeat of the step just reached), else the attempt
 *   ends; events matching no step never intervene.
 * - `any`: level k when steps 1…k were all done, in any order, within the window.
 */
export type FunnelOrder = 'sequential' | 'strict' | 'any';
/**
 * What one row of the funnel counts. A session is the `session` column when the event has one,
 * else the visitor's id-less events cut where they are more than 30 minutes (1800 s) apart.
 */
export type CountingUnit = 'visitor' | 'session';

/**
 * A dimension a funnel can be broken down by, read from the counted attempt's first-step event
 * (on ties in its second: the earliest millisecond, then the smallest value). Null for units at
 * level 0, except `landing_page`.
 */
export type BreakdownDimension =
  | {
      column:
        | 'channel'
        | 'utm_source'
        | 'utm_medium'
        | 'utm_campaign'
        | 'utm_content'
        | 'utm_term'
        | 'device'
        | 'browser'
        | 'os'
        | 'country'
        | 'referrer'
        /**
         * The path of the unit's earliest event in the range that has a path, step or not (its
         * landing page); given for every unit, level 0 included.
         */
        | 'landing_page';
    }
  | { prop: string }
  /**
   * 'new' when the visitor has no event on the site, anywhere in the store (not only the range),
   * strictly before the counted attempt's first-step event (ms), else 'returning'.
   */
  | { visitorType: true };

/**
 * One funnel evaluation. Optional fields default to the spine's behaviour. Checked at the store
 * boundary (src/query/funnelQuerySchema.ts): 2 to 20 steps, windows 1 s to 366 days.
 */
export interface FunnelQuery {
  site: string;
  /** One match per step, in funnel order. */
  steps: Match[];
  /** Inclusive window from an attempt's first step to its last, in whole seconds. */
  windowSeconds: number;
  /**
   * Per step (one entry per step, the first null), the longest time allowed since the previous
   * step of the same chain (seconds, inclusive); null = no limit. Not with order `any`.
   */
  stepWindows?: (number | null)[];
  /**
   * An event matching one of these strictly after a chain's earliest event and strictly before
   * its latest (whole seconds) voids that chain. So an attempt counts up to the last step it
   * reached before the exclusion, and a first step at or after the exclusion starts clean.
   */
  exclusions?: Match[];
  order?: FunnelOrder;
  unit?: CountingUnit;
  breakdown?: BreakdownDimension;
  /** Only events with from <= ts < to (ms since epoch, UTC) count; open when omitted. */
  from?: number;
  to?: number;
}

/** One counted unit (visitor or session) and how far it got. */
export interface FunnelUnit {
  /**
   * Visitor id, or `visitor + '\u0000' + session key` for sessions, the key being `s:<session id>`
   * or `t:<epoch second of the session's first event>` for sessions cut by inactivity.
   */
  id: string;
  /** Furthest step reached, 0 … steps.length. */
  level: number;
  /**
   * Epoch seconds (whole) at which the counted attempt reached each step (length = steps.length),
   * NaN for steps not reached. The counted attempt is the chain that first reached `level`: the
   * latest-starting one if several did at once, taking for each step the latest event it could
   * use (a repeated step moves that step's time). reachedAt[0] is its first step; with order
   * `any` it is the step-0 event, which need not be the earliest.
   */
  reachedAt: Float64Array;
  /** The breakdown value (see BreakdownDimension), null when absent or no breakdown was asked. */
  breakdown: string | null;
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
  /** Units reaching each step: result[k] = units whose furthest level is >= k + 1. */
  funnelCounts(query: FunnelQuery): Promise<number[]>;
  /**
   * Calls `onUnit` once per unit with at least one event matching a step (level may be 0),
   * streaming (units are not collected first). Counts from funnelCounts equal the levels here.
   */
  funnelUnits(query: FunnelQuery, onUnit: (unit: FunnelUnit) => void): Promise<void>;
  /**
   * Optional aggregate form of funnelUnits for reports that need only counts: per breakdown value
   * (FunnelUnit.breakdown), result[k] = units whose level >= k + 1; units at level 0 are left out.
   * Lets a store skip building one object per unit. Callers go through funnelGroupCounts.ts, which
   * falls back to funnelUnits for stores without it.
   */
  funnelBreakdownCounts?(query: FunnelQuery): Promise<Map<string | null, number[]>>;
  /**
   * Same, grouped by `bucketOf(reachedAt[0])` (the counted attempt's first step, epoch seconds)
   * instead of the breakdown value. `bucketOf` must be pure and give one bucket for a whole UTC
   * quarter hour (as days, weeks and months do in every time zone): a store may call it once per
   * quarter hour, with any second of it, in any order.
   */
  funnelBucketCounts?(query: FunnelQuery, bucketOf: (firstStepSeconds: number) => number): Promise<Map<number, number[]>>;
  /** Number of stored events, for one site or all. */
  countEvents(site?: string): Promise<number>;
  /** Deletes one site's events (demo --reset, import --replace); resolves once they are gone. */
  deleteSiteEvents(site: string): Promise<void>;
  /**
   * Brings the store's schema up to date and returns what was applied now (`midgoal migrate`).
   * Stores also do this on first use.
   */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}
