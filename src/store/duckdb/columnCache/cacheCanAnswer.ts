/**
 * Which funnel queries the in-memory columns answer exactly; everything else takes the SQL path.
 * Steps and exclusions may only look at the columns a shape holds (event name, path, channel,
 * device, combined with all/any/not); the unit is the visitor; breakdowns by channel or device.
 */
import type { Match } from '../../../schema/match.ts';
import type { FunnelQuery } from '../../EventStore.ts';

const SHAPE_PARTS = new Set(['event', 'path', 'pathRegex', 'channel', 'device', 'all', 'any', 'not']);

export function cacheCanAnswer(query: FunnelQuery): boolean {
  if ((query.unit ?? 'visitor') !== 'visitor') return false;
  const b = query.breakdown;
  if (b !== undefined && !('column' in b && (b.column === 'channel' || b.column === 'device'))) return false;
  return query.steps.every(usesShapeOnly) && (query.exclusions ?? []).every(usesShapeOnly);
}

function usesShapeOnly(match: Match): boolean {
  for (const [key, value] of Object.entries(match)) {
    if (value === undefined) continue;
    if (!SHAPE_PARTS.has(key)) return false;
  }
  return (
    (match.all ?? []).every(usesShapeOnly) &&
    (match.any ?? []).every(usesShapeOnly) &&
    (match.not === undefined || usesShapeOnly(match.not))
  );
}
