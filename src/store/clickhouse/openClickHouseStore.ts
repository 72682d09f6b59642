/**
 * The ClickHouse store (MIDGOAL_STORE=clickhouse://…): the same EventStore as the embedded DuckDB
 * one, for deployments that outgrow one machine. Opening does not connect: a collector starts and
 * takes events into its durable log while ClickHouse is down, and the schema is brought up to
 * date on first use (and by `midgoal migrate`).
 */
import path from 'node:path';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import type { EventStore, FunnelQuery, FunnelUnit } from '../EventStore.ts';
import { buildClickHouseFunnelSql } from '../../query/buildClickHouseFunnelSql.ts';
import { buildClickHouseFunnelListsSql } from '../../query/funnelClickHouseListsSql.ts';
import { checkFunnelQuery } from '../../query/funnelQuerySchema.ts';
import { listRowReader } from '../../query/funnelUnitsFromLists.ts';
import { BadRequestError } from '../../analysis/errors.ts';
import { planAtoms } from '../../query/aggregateAtoms.ts';
import { buildAggregateListsSql } from '../../query/aggregateListsSql.ts';
import { aggregateRowsToLists, type AggregateListRow } from '../../query/evaluateAggregates.ts';
import type { FunnelListRow } from '../../query/funnelUnitsFromLists.ts';
import { clickHouseLiteral, inlineClickHouseParams } from '../../query/inlineClickHouseParams.ts';
import { matchUsesAggregate } from '../../query/matchUsesAggregate.ts';
import { APPLIED_SEQ_FILE, readAppliedSeq, writeAppliedSeq } from './appliedSeqFile.ts';
import { applyClickHouseMigrations, EVENTS_TABLE } from './applyClickHouseMigrations.ts';
import { ClickHouseNodes } from './clickHouseNodes.ts';
import { insertNewEvents, type InsertState } from './insertNewEvents.ts';
import { parseClickHouseUrl } from './parseClickHouseUrl.ts';
import { deleteSiteRows } from './deleteSiteRows.ts';

export interface ClickHouseStoreOptions {
  /** The collector's data folder, where its applied seq is kept; null for CLI commands without a log. */
  dataDir: string | null;
}

export class ClickHouseStore implements EventStore {
  readonly dialect = 'clickhouse' as const;
  readonly nodes: ClickHouseNodes;
  private ready: Promise<string[]> | null = null;
  /** An insert whose outcome is unknown, waited for before the next (insertNewEvents.ts). */
  private readonly inserts: InsertState = { unsettled: null };
  private readonly progressFile: string | null;

  constructor(url: string, options: ClickHouseStoreOptions) {
    this.nodes = new ClickHouseNodes(parseClickHouseUrl(url));
    this.progressFile = options.dataDir === null ? null : path.join(options.dataDir, APPLIED_SEQ_FILE);
  }

  /** The store URL without its password. */
  get describe(): string {
    return this.nodes.target.display;
  }

  private get table(): string {
    return `${this.nodes.target.database}.${EVENTS_TABLE}`;
  }

  /** Applies missing migrations on every node (once per process; retried after a failure). */
  migrate(): Promise<string[]> {
    this.ready ??= applyClickHouseMigrations(this.nodes).catch((err: unknown) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  async append(events: readonly StoredEvent[], upToSeq: number | null): Promise<void> {
    await this.migrate();
    await insertNewEvents(this.nodes, events, this.inserts);
    if (upToSeq !== null) {
      if (this.progressFile === null) throw new Error('internal: a ClickHouse store opened without a data folder cannot record a log position');
      await writeAppliedSeq(this.progressFile, upToSeq, this.describe);
    }
  }

  appliedSeq(): Promise<number> {
    return this.progressFile === null ? Promise.resolve(0) : readAppliedSeq(this.progressFile);
  }

  async countEvents(site?: string): Promise<number> {
    await this.migrate();
    const where = site === undefined ? '' : ` WHERE site = ${clickHouseLiteral(site)}`;
    const rows = await this.nodes.rows<{ n: string }>('counting events', `SELECT count() AS n FROM ${this.table}${where}`);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * A plain sequential funnel runs as windowFunnel inside ClickHouse; everything else streams the
   * per-unit lists through the same JS machines as DuckDB (funnelUnits).
   */
  async funnelCounts(query: FunnelQuery): Promise<number[]> {
    const checked = checkFunnelQuery(query);
    await this.migrate();
    const counts = new Array<number>(checked.spec.stepCount).fill(0);
    if (isPlainSequential(query)) {
      const levels = await this.nodes.rows<{ level: number; n: string }>(
        'counting a funnel',
        `SELECT level, count() AS n FROM (${inlineClickHouseParams(buildClickHouseFunnelSql(query, this.table))}) GROUP BY level`,
      );
      for (const { level, n } of levels) for (let k = 0; k < Number(level); k++) counts[k] = (counts[k] ?? 0) + Number(n);
      return counts;
    }
    await this.funnelUnits({ ...query, breakdown: undefined }, (unit) => {
      for (let k = 0; k < unit.level; k++) counts[k] = (counts[k] ?? 0) + 1;
    });
    return counts;
  }

  async funnelUnits(query: FunnelQuery, onUnit: (unit: FunnelUnit) => void): Promise<void> {
    checkFunnelQuery(query);
    await this.migrate();
    const take = listRowReader(query, onUnit);
    if (usesAggregates(query)) return this.aggregateFunnelUnits(query, take);
    const text = inlineClickHouseParams(buildClickHouseFunnelListsSql(query, this.table, { withBreakdown: query.breakdown !== undefined }));
    await this.nodes.run('evaluating a funnel', async (client) => {
      const rs = await client.query({ query: text, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
      for await (const rows of rs.stream<FunnelListRow>()) {
        for (const row of rows) take(row.json());
      }
    });
  }

  /**
   * Funnels with aggregate steps: every event of each visitor comes back, and the aggregates run in
   * JS (aggregateAtoms.ts, evaluateAggregates.ts) — ClickHouse 18.16 has no window functions.
   */
  private async aggregateFunnelUnits(query: FunnelQuery, take: (row: FunnelListRow) => void): Promise<void> {
    let plan: ReturnType<typeof planAtoms>;
    try {
      plan = planAtoms(query.steps, query.exclusions ?? []);
    } catch (err) {
      throw new BadRequestError(
        `${(err as Error).message}.`,
        '集計条件を含むファネルの条件が多すぎます。ファネルを分けてください。',
      );
    }
    const text = inlineClickHouseParams(buildAggregateListsSql(query, plan, this.table));
    const sessionUnit = query.unit === 'session';
    await this.nodes.run('evaluating a funnel with aggregate steps', async (client) => {
      const rs = await client.query({ query: text, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
      for await (const rows of rs.stream<AggregateListRow>()) {
        for (const row of rows) for (const list of aggregateRowsToLists(row.json(), plan, sessionUnit)) take(list);
      }
    });
  }

  /** Deletes one site's events on every node (demo --reset, import --replace); waits until done. */
  async deleteSiteEvents(site: string): Promise<void> {
    await this.migrate();
    await deleteSiteRows(this.nodes, site);
  }

  async close(): Promise<void> {
    await this.ready?.catch(() => undefined);
    await this.nodes.close();
  }
}

function isPlainSequential(query: FunnelQuery): boolean {
  return (
    (query.order ?? 'sequential') === 'sequential' &&
    (query.unit ?? 'visitor') === 'visitor' &&
    !(query.stepWindows ?? []).some((w) => w !== null) &&
    (query.exclusions ?? []).length === 0 &&
    query.breakdown === undefined &&
    !usesAggregates(query)
  );
}

function usesAggregates(query: FunnelQuery): boolean {
  return [...query.steps, ...(query.exclusions ?? [])].some(matchUsesAggregate);
}

export function openClickHouseStore(url: string, options: ClickHouseStoreOptions): ClickHouseStore {
  return new ClickHouseStore(url, options);
}
