/**
 * Step bits (and the exclusion bit) of every shape, computed by DuckDB with the very SQL the
 * funnel's SQL path uses (buildStepMaskSql / buildMatchSql), so globs, RE2 regexes and NULL paths
 * mean exactly the same on both paths. Runs over the distinct shapes only (thousands), not events.
 */
import { DOUBLE, INTEGER, LIST, VARCHAR, listValue } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { Match } from '../../../schema/match.ts';
import { buildMatchSql } from '../../../query/buildMatchSql.ts';
import { buildStepMaskSql } from '../../../query/buildStepMaskSql.ts';
import { EXCLUSION_BIT } from '../../../query/funnelCodes.ts';
import type { Shape } from './SiteColumns.ts';

/** Codes (step bits | EXCLUSION_BIT) for `shapes`, in their order. */
export async function shapeStepCodes(
  conn: DuckDBConnection,
  shapes: readonly Shape[],
  steps: readonly Match[],
  exclusions: readonly Match[],
): Promise<Int32Array> {
  const codes = new Int32Array(shapes.length);
  if (shapes.length === 0) return codes;
  const mask = buildStepMaskSql(steps, 'duckdb');
  const excluded =
    exclusions.length === 0 ? null : exclusions.map((m) => buildMatchSql(m, 'duckdb'));
  const excludedSql = excluded ? ` + CASE WHEN ${excluded.map((f) => f.sql).join(' OR ')} THEN ${EXCLUSION_BIT} ELSE 0 END` : '';
  const text = `SELECT sid, CAST(${mask.sql}${excludedSql} AS INTEGER) AS code FROM (
  SELECT unnest(?::INTEGER[]) AS sid, unnest(?::VARCHAR[]) AS name, unnest(?::VARCHAR[]) AS path,
         unnest(?::VARCHAR[]) AS channel, unnest(?::VARCHAR[]) AS device)`;
  const sqlParams = [...mask.params, ...(excluded ?? []).flatMap((f) => f.params)];
  const values: DuckDBValue[] = [
    ...sqlParams,
    listValue(shapes.map((_, i) => i)),
    listValue(shapes.map((s) => s.name)),
    listValue(shapes.map((s) => s.path)),
    listValue(shapes.map((s) => s.channel)),
    listValue(shapes.map((s) => s.device)),
  ];
  const types: DuckDBType[] = [
    ...sqlParams.map((v) => (typeof v === 'string' ? VARCHAR : DOUBLE)),
    LIST(INTEGER),
    LIST(VARCHAR),
    LIST(VARCHAR),
    LIST(VARCHAR),
    LIST(VARCHAR),
  ];
  const reader = await conn.runAndReadAll(text, values, types);
  for (const [sid, code] of reader.getRows()) codes[Number(sid)] = Number(code ?? 0);
  return codes;
}
