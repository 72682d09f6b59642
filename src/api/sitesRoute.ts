/**
 * GET /api/sites — the sites and funnels the dashboard can show, labels in English and Japanese.
 */
import { Hono } from 'hono';
import type { AppContext } from '../server/AppContext.ts';
import { funnelsForSite } from '../config/loadConfig.ts';
import { normalizeLabel } from '../analysis/normalizeLabel.ts';

export function createSitesRoute(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const mcById = new Map(ctx.loaded.config.microConversions.map((m) => [m.id, m]));
    const sites = [...ctx.loaded.sites.values()].map((site) => ({
      id: site.id,
      name: site.name ?? site.id,
      timezone: site.timezone,
      currency: site.currency,
      funnels: funnelsForSite(ctx.loaded, site.id).map((f) => ({
        id: f.id,
        label: normalizeLabel(f.label ?? f.id),
        windowSeconds: f.window,
        steps: f.steps.map((s) => {
          const id = typeof s === 'string' ? s : s.id;
          const own = typeof s === 'string' ? undefined : s.label;
          return { id, label: normalizeLabel(own ?? mcById.get(id)?.label ?? id) };
        }),
      })),
    }));
    return c.json({ sites });
  });
  return app;
}
