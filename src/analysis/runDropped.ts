/**
 * The units that stopped at one step of a funnel (reached it, never reached the next), for the
 * dropped-visitors export: same funnel resolution and range as the report, so the numbers agree.
 */
import type { EventStore } from '../store/EventStore.ts';
import { droppedAccumulator, splitUnitId, type DroppedUnits } from './droppedUnits.ts';
import { BadRequestError } from './errors.ts';
import type { DroppedReport } from './funnelExtrasReport.ts';
import { isoSeconds } from './formatDroppedCsv.ts';
import { resolveFunnelQuery, type DayRange, type LoadedForFunnels } from './resolveFunnelQuery.ts';

export interface DroppedResult {
  report: Omit<DroppedReport, 'units'>;
  /** Step ids the units reached, in order (the CSV's time columns). */
  reachedStepIds: string[];
  dropped: DroppedUnits;
}

/**
 * Throws NotFoundError for an unknown site or funnel, BadRequestError for an unknown step or the
 * funnel's last step (nobody drops after the last step: those are the conversions).
 */
export async function runDropped(
  store: EventStore,
  loaded: LoadedForFunnels,
  siteId: string,
  funnelId: string,
  stepId: string,
  range: DayRange = {},
  limit?: number,
): Promise<DroppedResult> {
  const resolved = resolveFunnelQuery(loaded, siteId, funnelId, range);
  const ids = resolved.steps.map((s) => s.id);
  const stepIndex = ids.indexOf(stepId);
  const allowed = ids.slice(0, -1).join(', ');
  if (stepIndex < 0 || stepIndex === ids.length - 1) {
    const why = stepIndex < 0 ? `funnel "${funnelId}" has no step "${stepId}"` : `"${stepId}" is the last step, so nobody drops after it`;
    const whyJa = stepIndex < 0 ? `ファネル「${funnelId}」にステップ「${stepId}」はありません` : `「${stepId}」は最後のステップなので、その後の離脱はありません`;
    throw new BadRequestError(
      `step: ${why}; use one of ${allowed} (the step the visitors reached last).`,
      `step: ${whyJa}。次のいずれかを指定してください（訪問者が最後に到達したステップ）: ${allowed}`,
    );
  }
  const acc = droppedAccumulator({ stepIndex, ...(limit !== undefined ? { limit } : {}) });
  await store.funnelUnits(resolved.query, (unit) => acc.add(unit));
  const dropped = acc.result();
  return {
    report: {
      site: siteId,
      funnel: funnelId,
      step: stepId,
      unit: resolved.unit,
      from: range.from ?? null,
      to: range.to ?? null,
      total: dropped.total,
      truncated: dropped.units.length < dropped.total,
    },
    reachedStepIds: ids.slice(0, stepIndex + 1),
    dropped,
  };
}

/** The JSON form: visitor/session split, times as ISO 8601 keyed by step id. */
export function droppedReportJson(result: DroppedResult): DroppedReport {
  return {
    ...result.report,
    units: result.dropped.units.map((u) => ({
      ...splitUnitId(u.id, result.report.unit),
      reachedAt: Object.fromEntries(result.reachedStepIds.map((id, k) => [id, isoSeconds(u.reachedAt[k])])),
    })),
  };
}
