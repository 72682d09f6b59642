/**
 * The funnel cache of one store: per site, a SiteColumns copy of the events, built on the first
 * funnel query in the background (that query and any during the build take the SQL path), then
 * kept up to date by reading only the rows appended since (the table's high-water mark, checked on
 * every query, so it needs no hook in the write path). Step codes per shape are kept per
 * definition (its content) and recomputed when new shapes appear.
 *
 * Exactness: the same per-unit code lists as the SQL path go through the same state machines
 * (src/query/funnelMachine.ts); cacheCanAnswer.ts lists what is covered; anything else, a table
 * with deleted rows, or a copy above the memory limit makes the store use SQL.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FunnelQuery, FunnelUnit } from '../../EventStore.ts';
import { checkFunnelQuery } from '../../../query/funnelQuerySchema.ts';
import { createFunnelMachine } from '../../../query/funnelMachine.ts';
import { cumulativeCounts } from '../funnelCounts.ts';
import { cacheCanAnswer } from './cacheCanAnswer.ts';
import { loadSiteColumns } from './loadSiteColumns.ts';
import { breakdownLookup } from './breakdownLookup.ts';
import { forEachCachedUnit } from './forEachCachedUnit.ts';
import { tallyCachedUnits } from './tallyCachedUnits.ts';
import { GroupTally, SlotGroups } from './tallyGroups.ts';
import type { FunnelSpec } from '../../../query/funnelQuerySchema.ts';
import { shapeStepCodes } from './shapeStepCodes.ts';
import { BYTES_PER_EVENT, BYTES_PER_VISITOR } from './SiteColumns.ts';
import type { SiteColumns } from './SiteColumns.ts';
import { updateSiteColumns } from './updateSiteColumns.ts';

/** Default memory limit for all sites' copies together, in MB (MIDGOAL_FUNNEL_CACHE_MB). */
export const DEFAULT_FUNNEL_CACHE_MB = 1024;
/** Definitions whose shape codes are kept per site. */
const MAX_DEFINITIONS = 64;

/** MIDGOAL_FUNNEL_CACHE_MB, or the default; 0 turns the cache off. */
export function funnelCacheLimitMb(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MIDGOAL_FUNNEL_CACHE_MB;
  if (raw === undefined || raw.trim() === '') return DEFAULT_FUNNEL_CACHE_MB;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb < 0) {
    throw new Error(`MIDGOAL_FUNNEL_CACHE_MB must be a number of megabytes (0 turns the funnel cache off), got ${JSON.stringify(raw)}`);
  }
  return mb;
}

/** The dashboard's default funnel: sequential, one window, no per-step windows, no exclusions. */
function isPlain(spec: FunnelSpec): boolean {
  return spec.order === 'sequential' && !spec.hasExclusions && spec.stepWindows.every((w, k) => k === 0 || w === Infinity);
}

interface SiteState {
  columns: SiteColumns | null;
  /** Why there is no copy (shown by status()); null while building or when there is one. */
  refused: string | null;
  building: Promise<void> | null;
  /** Everything touching `columns` runs one at a time (updates mutate it across awaits). */
  lock: Promise<unknown>;
  codes: Map<string, { shapes: number; codes: Int32Array }>;
  /**
   * The store's write count when `columns` was last found up to date; null until then. While the
   * count has not moved, nothing was written and a query skips the look at the table.
   */
  freshAtWrite: number | null;
}

export interface FunnelCacheStatus {
  site: string;
  events: number;
  visitors: number;
  shapes: number;
  estimatedMb: number;
  refused: string | null;
}

export class FunnelColumnCache {
  private readonly sites = new Map<string, SiteState>();
  /** Work in flight (builds, updates, scans), for idle(). */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly connect: () => Promise<DuckDBConnection>,
    readonly limitMb: number = funnelCacheLimitMb(),
    /**
     * How many writes the store has committed (DuckDbStore counts appends and deletes; it is the
     * file's only writer). Without it every query checks the table for new rows (~10 ms).
     */
    private readonly writeCount: (() => number) | null = null,
  ) {}

  /** Counts for `query` from the cache, or null when the SQL path must answer. */
  async funnelCounts(query: FunnelQuery): Promise<number[] | null> {
    const { spec } = checkFunnelQuery(query);
    const machine = createFunnelMachine(spec);
    const tally = new GroupTally(spec.stepCount + 1);
    const answered = await this.withColumns(query, (columns, codeOf) => {
      tallyCachedUnits(columns, codeOf, query, spec, isPlain(spec), machine, { by: 'none' }, tally);
    });
    return answered ? cumulativeCounts(Array.from(tally.counts.subarray(0, spec.stepCount + 1))) : null;
  }

  /** Units for `query` from the cache (true), or false without calling `onUnit`: use SQL. */
  async funnelUnits(query: FunnelQuery, onUnit: (unit: FunnelUnit) => void): Promise<boolean> {
    const { spec } = checkFunnelQuery(query);
    const machine = createFunnelMachine(spec);
    return this.withColumns(query, (columns, codeOf) => {
      const breakdownOf = breakdownLookup(columns, codeOf, query);
      forEachCachedUnit(columns, codeOf, query, spec, isPlain(spec), machine, () => new Float64Array(spec.stepCount), (v, level, reachedAt) => {
        const value = level > 0 ? breakdownOf.value(v, reachedAt[0] ?? NaN) : -1;
        onUnit({ id: columns.visitors[v] ?? '', level, reachedAt, breakdown: value < 0 ? null : (breakdownOf.values[value] ?? null) });
      });
    });
  }

  /**
   * EventStore.funnelBreakdownCounts from the cache, or null: use SQL. Per-value level tallies in
   * one typed array, filled by a loop that allocates nothing per visitor.
   */
  async funnelBreakdownCounts(query: FunnelQuery): Promise<Map<string | null, number[]> | null> {
    const { spec } = checkFunnelQuery(query);
    const machine = createFunnelMachine(spec);
    const groups = new Map<string | null, number[]>();
    const answered = await this.withColumns(query, (columns, codeOf) => {
      const { values, valueOfShape, rank } = breakdownLookup(columns, codeOf, query);
      // Group values.length is "no value" (null).
      const tally = new GroupTally(spec.stepCount + 1, values.length + 1);
      const grouping = { by: 'shape' as const, valueOfShape, none: values.length, rank };
      tallyCachedUnits(columns, codeOf, query, spec, isPlain(spec), machine, grouping, tally);
      for (let group = 0; group <= values.length; group++) {
        const counts = tally.cumulative(group);
        if (counts) groups.set(group < values.length ? (values[group] ?? null) : null, counts);
      }
    });
    return answered ? groups : null;
  }

  /**
   * EventStore.funnelBucketCounts from the cache, or null: use SQL. Levels are tallied per bucket
   * in one typed array, the bucket found per unit through a typed lookup by UTC quarter hour, so
   * `bucketOf` runs once per quarter hour, not per unit (a map lookup per unit cost as much as the
   * funnel): so, as documented on EventStore, a bucket must not split a quarter hour, which no
   * day, week or month in any time zone does.
   */
  async funnelBucketCounts(query: FunnelQuery, bucketOf: (firstStepSeconds: number) => number): Promise<Map<number, number[]> | null> {
    const { spec } = checkFunnelQuery(query);
    const machine = createFunnelMachine(spec);
    const groups = new Map<number, number[]>();
    const answered = await this.withColumns(query, (columns, codeOf) => {
      // First steps lie within the events held and within the range.
      const minSecond = Math.max(columns.minSec, Math.floor((query.from ?? -Infinity) / 1000));
      const maxSecond = Math.min(columns.maxSec, Math.floor((query.to ?? Infinity) / 1000));
      const slots = new SlotGroups(bucketOf, minSecond, maxSecond);
      const tally = new GroupTally(spec.stepCount + 1);
      tallyCachedUnits(columns, codeOf, query, spec, isPlain(spec), machine, { by: 'second', slots }, tally);
      for (const group of slots.inTimeOrder()) {
        const counts = tally.cumulative(group);
        if (counts) groups.set(slots.buckets[group] ?? NaN, counts);
      }
    });
    return answered ? groups : null;
  }

  /** Builds (or updates) `site`'s copy now and waits for it; for the bench and tests. */
  async warm(site: string): Promise<FunnelCacheStatus> {
    const state = this.state(site);
    if (!state.columns && !state.refused) await (state.building ?? this.startBuild(site, state));
    if (state.columns) await this.locked(state, () => this.refresh(site, state));
    return this.status(site);
  }

  status(site: string): FunnelCacheStatus {
    const state = this.sites.get(site);
    const c = state?.columns ?? null;
    return {
      site,
      events: c?.eventCount ?? 0,
      visitors: c?.visitors.length ?? 0,
      shapes: c?.shapes.length ?? 0,
      estimatedMb: c ? c.estimatedBytes / 2 ** 20 : 0,
      refused: state?.refused ?? (c ? null : 'not built'),
    };
  }

  /** Drops every copy (after deletes): the next query rebuilds. */
  clear(): void {
    this.sites.clear();
  }

  /** Resolves when no build, update or scan is running (before the store closes its database). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async withColumns(query: FunnelQuery, run: (columns: SiteColumns, codeOf: Int32Array) => void): Promise<boolean> {
    if (this.limitMb <= 0 || !cacheCanAnswer(query)) return false;
    const state = this.state(query.site);
    if (!state.columns) {
      if (!state.refused && !state.building) void this.startBuild(query.site, state);
      return false;
    }
    return this.locked(state, async () => {
      if (!(await this.refresh(query.site, state))) return false;
      const columns = state.columns;
      if (!columns) return false;
      const codeOf = await this.shapeCodes(state, columns, query);
      run(columns, codeOf);
      return true;
    });
  }

  /** Applies new rows; false (and the copy dropped, to be rebuilt) when that is not possible. */
  private async refresh(site: string, state: SiteState): Promise<boolean> {
    const columns = state.columns;
    if (!columns) return false;
    // Read before looking: a write committed meanwhile moves the count, and the next query looks again.
    const writes = this.writeCount?.() ?? null;
    if (writes !== null && state.freshAtWrite === writes) return true;
    let outcome: 'fresh' | 'stale' = 'stale';
    try {
      outcome = await this.withConnection((conn) => updateSiteColumns(conn, site, columns));
    } catch {
      outcome = 'stale';
    }
    if (outcome === 'fresh' && columns.estimatedBytes + this.otherBytes(site) <= this.limitBytes()) {
      state.freshAtWrite = writes;
      return true;
    }
    state.freshAtWrite = null;
    state.columns = null;
    state.codes.clear();
    if (outcome === 'fresh') state.refused = `above MIDGOAL_FUNNEL_CACHE_MB=${this.limitMb}`;
    return false;
  }

  private async shapeCodes(state: SiteState, columns: SiteColumns, query: FunnelQuery): Promise<Int32Array> {
    const key = JSON.stringify([query.steps, query.exclusions ?? []]);
    const known = state.codes.get(key);
    if (known && known.shapes === columns.shapes.length) return known.codes;
    const codes = await this.withConnection((conn) => shapeStepCodes(conn, columns.shapes, query.steps, query.exclusions ?? []));
    if (state.codes.size >= MAX_DEFINITIONS) state.codes.clear();
    state.codes.set(key, { shapes: columns.shapes.length, codes });
    return codes;
  }

  private startBuild(site: string, state: SiteState): Promise<void> {
    const build = this.locked(state, async () => {
      try {
        const refused = await this.withConnection((conn) => this.refusal(conn, site));
        if (refused) {
          state.refused = refused;
          return;
        }
        const columns = await this.withConnection((conn) => loadSiteColumns(conn, site));
        // null: the table has deleted rows, so row ids cannot say what is new; SQL until clear().
        if (columns) {
          state.columns = columns;
          state.freshAtWrite = null;
        }
        else state.refused = 'the events table has deleted rows';
      } catch (err) {
        state.refused = `build failed: ${err instanceof Error ? err.message : String(err)}`;
      } finally {
        state.building = null;
      }
    });
    state.building = build;
    return build;
  }

  /** Why `site` must not be copied (memory estimate, times a Uint32 of seconds cannot hold), or null. */
  private async refusal(conn: DuckDBConnection, site: string): Promise<string | null> {
    const reader = await conn.runAndReadAll(
      `SELECT CAST(count(*) AS DOUBLE), CAST(approx_count_distinct(visitor) AS DOUBLE),
              CAST(min(epoch_ms(ts)) AS DOUBLE), CAST(max(epoch_ms(ts)) AS DOUBLE)
       FROM events WHERE site = $1`,
      [site],
    );
    const [events, visitors, minMs, maxMs] = (reader.getRows()[0] ?? []).map((x) => Number(x ?? 0));
    const bytes = (events ?? 0) * BYTES_PER_EVENT + (visitors ?? 0) * 1.1 * BYTES_PER_VISITOR;
    if (bytes + this.otherBytes(site) > this.limitBytes()) {
      return `needs ~${Math.ceil(bytes / 2 ** 20)} MB, above MIDGOAL_FUNNEL_CACHE_MB=${this.limitMb}`;
    }
    if ((minMs ?? 0) < 0 || (maxMs ?? 0) >= 2 ** 32 * 1000) return 'event times before 1970 or after 2106';
    return null;
  }

  private otherBytes(site: string): number {
    let bytes = 0;
    for (const [name, s] of this.sites) if (name !== site) bytes += s.columns?.estimatedBytes ?? 0;
    return bytes;
  }

  private limitBytes(): number {
    return this.limitMb * 2 ** 20;
  }

  private state(site: string): SiteState {
    let state = this.sites.get(site);
    if (!state) {
      state = { columns: null, refused: null, building: null, lock: Promise.resolve(), codes: new Map(), freshAtWrite: null };
      this.sites.set(site, state);
    }
    return state;
  }

  private locked<T>(state: SiteState, work: () => Promise<T>): Promise<T> {
    const next = state.lock.then(work);
    const settled = next.catch(() => undefined);
    state.lock = settled;
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return next;
  }

  private async withConnection<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.connect();
    try {
      return await work(conn);
    } finally {
      conn.closeSync();
    }
  }
}
