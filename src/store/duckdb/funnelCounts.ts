/**
 * Funnel counts on the DuckDB `events` table (DESIGN.md "Funnel semantics", sequential mode,
 * equal to ClickHouse `windowFunnel`; test/windowFunnel.clickhouse.test.ts checks that).
 *
 * DuckDB groups the matching events by visitor into lists of step codes (one hash aggregate, in
 * parallel, no global sort); this process then reads the lists chunk by chunk straight from the
 * result vectors and runs the per-visitor state machine over a reused typed array. Times are
 * truncated to whole seconds, as in ClickHouse's DateTime, so ties and window edges agree.
 */
import { DOUBLE, DuckDBDoubleVector, DuckDBListVector, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBResult, DuckDBType } from '@duckdb/node-api';
import { z } from 'zod';
import { matchSchema } from '../../schema/config.ts';
import type { FunnelQuery } from '../EventStore.ts';
import { buildDuckDbFunnelSql } from '../../query/buildDuckDbFunnelSql.ts';
import { MAX_FUNNEL_STEPS } from '../../query/buildStepMaskSql.ts';
import type { SqlFragment } from '../../query/SqlFragment.ts';
import { windowFunnelLevel } from '../../query/windowFunnelLevel.ts';

const funnelQuerySchema = z.object({
  site: z.string().min(1),
  steps: z.array(matchSchema).min(1).max(MAX_FUNNEL_STEPS),
  windowSeconds: z.number().int().min(1),
  from: z.number().finite().optional(),
  to: z.number().finite().optional(),
});

/** Visitors reaching each step: result[k] = visitors whose furthest step is k + 1 or more. */
export async function funnelCounts(conn: DuckDBConnection, query: FunnelQuery): Promise<number[]> {
  const q = checkQuery(query);
  const atLevel = new Array<number>(q.steps.length + 1).fill(0);
  await scanLevels(conn, q, false, (level) => {
    atLevel[level] = (atLevel[level] ?? 0) + 1;
  });
  // Cumulative from the end: reaching step k+1 means reaching every step before it.
  const counts = new Array<number>(q.steps.length).fill(0);
  let running = 0;
  for (let k = q.steps.length; k >= 1; k--) {
    running += atLevel[k] ?? 0;
    counts[k - 1] = running;
  }
  return counts;
}

/**
 * Furthest level (0 … steps) per visitor, for visitors with at least one event matching some
 * step (0 when none of them starts an attempt) — the rows ClickHouse's windowFunnel gives. For
 * comparisons and debugging; funnelCounts does not build this map.
 */
export async function funnelLevels(conn: DuckDBConnection, query: FunnelQuery): Promise<Map<string, number>> {
  const q = checkQuery(query);
  const levels = new Map<string, number>();
  await scanLevels(conn, q, true, (level, visitor) => {
    levels.set(visitor ?? '', level);
  });
  return levels;
}

function checkQuery(query: FunnelQuery): FunnelQuery {
  const parsed = funnelQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid funnel query at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return query;
}

async function scanLevels(
  conn: DuckDBConnection,
  q: FunnelQuery,
  withVisitor: boolean,
  onVisitor: (level: number, visitor: string | undefined) => void,
): Promise<void> {
  const fragment = buildDuckDbFunnelSql(q, { withVisitor });
  const result = await conn.stream(fragment.sql, [...fragment.params], paramTypes(fragment));
  const starts = new Float64Array(q.steps.length);
  let codes = new Float64Array(256);
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
    const visitors = withVisitor ? chunk.getColumnVector(2) : undefined;
    for (let row = 0; row < rows; row++) {
      const mask = Number(seen.getItem(row));
      let level: number;
      if ((mask & 3) !== 3 || q.steps.length === 1) {
        // Without both of the first two steps, order cannot matter.
        level = mask & 1;
      } else {
        const offset = lists.getEntryOffset(row);
        const length = lists.getEntryLength(row);
        if (codes.length < length) codes = new Float64Array(Math.max(length, codes.length * 2));
        for (let j = 0; j < length; j++) codes[j] = items.getItem(offset + j) ?? 0;
        level = windowFunnelLevel(codes, length, q.steps.length, q.windowSeconds, starts);
      }
      onVisitor(level, visitors ? String(visitors.getItem(row)) : undefined);
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
