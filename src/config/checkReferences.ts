/**
 * What the schema alone cannot see: ids used twice, funnel steps (and exclusions) naming micro-conversions that do
 * not exist, funnel `sites` naming sites that do not exist. Runs on the user's config; `merged` is
 * the same config with presets and the demo site added, which defines the ids one may refer to.
 */
import type { Config } from '../schema/config.ts';
import { closestName } from './closestName.ts';
import { formatFieldPath } from './formatFieldPath.ts';
import type { FieldIssue } from './validateShape.ts';

export function checkReferences(user: Config, merged: Config): FieldIssue[] {
  const issues: FieldIssue[] = [
    ...duplicateIds('sites', user.sites),
    ...duplicateIds('microConversions', user.microConversions),
    ...duplicateIds('funnels', user.funnels),
  ];
  const mcIds = [...new Set(merged.microConversions.map((m) => m.id))];
  const siteIds = [...new Set(merged.sites.map((s) => s.id))];

  user.funnels.forEach((funnel, f) => {
    funnel.steps.forEach((step, s) => {
      const id = typeof step === 'string' ? step : step.id;
      if (mcIds.includes(id)) return;
      const path = typeof step === 'string' ? ['funnels', f, 'steps', s] : ['funnels', f, 'steps', s, 'id'];
      issues.push({
        path,
        message:
          `no micro-conversion has the id "${id}"; ${didYouMean(id, mcIds)}` +
          `define it under microConversions or use a known one: ${mcIds.join(', ')}`,
      });
    });
    funnel.exclude?.forEach((id, e) => {
      if (mcIds.includes(id)) return;
      issues.push({
        path: ['funnels', f, 'exclude', e],
        message:
          `no micro-conversion has the id "${id}"; ${didYouMean(id, mcIds)}` +
          `define it under microConversions or use a known one: ${mcIds.join(', ')}`,
      });
    });
    funnel.sites?.forEach((site, s) => {
      if (siteIds.includes(site)) return;
      const known = siteIds.length > 0 ? `known sites: ${siteIds.join(', ')}` : 'no sites are defined yet';
      issues.push({
        path: ['funnels', f, 'sites', s],
        message: `no site has the id "${site}"; ${didYouMean(site, siteIds)}add it under sites or use a known one (${known})`,
      });
    });
  });
  return issues;
}

function duplicateIds(section: string, items: readonly { id: string }[]): FieldIssue[] {
  const first = new Map<string, number>();
  const issues: FieldIssue[] = [];
  items.forEach((item, i) => {
    const earlier = first.get(item.id);
    if (earlier === undefined) first.set(item.id, i);
    else
      issues.push({
        path: [section, i, 'id'],
        message: `"${item.id}" is already the id of ${formatFieldPath([section, earlier])}; ids must be unique, rename or remove one`,
      });
  });
  return issues;
}

function didYouMean(word: string, known: readonly string[]): string {
  const guess = closestName(word, known);
  return guess === undefined ? '' : `did you mean "${guess}"? `;
}
