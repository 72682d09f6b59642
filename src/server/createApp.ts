/**
 * The HTTP surface: thin routes over the collect pipeline, the query engine and the dashboard.
 */
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { createCollectRoute } from '../api/collectRoute.ts';
import { createFunnelRoute } from '../api/funnelRoute.ts';
import { createAdhocFunnelRoute } from '../api/adhocFunnelRoute.ts';
import { createHealthRoute } from '../api/healthRoute.ts';
import { createInternalRoute } from '../api/internalRoute.ts';
import { createSitesRoute } from '../api/sitesRoute.ts';
import { createTrackerRoute } from '../api/trackerRoute.ts';
import { createDemoShopRoute } from '../demoShop/demoShopRoute.ts';
import { errorResponse } from '../api/errorResponse.ts';
import type { AppContext } from './AppContext.ts';

export function createApp(ctx: AppContext): Hono {
  const app = new Hono();
  app.route(
    '/api/collect',
    createCollectRoute({ sink: ctx.sink, sites: () => ctx.loaded.sites, counters: ctx.counters, trustProxy: ctx.trustProxy }),
  );
  app.route('/api/health', createHealthRoute(ctx));
  app.route('/api/sites', createSitesRoute(ctx));
  app.route('/api/sites', createFunnelRoute(ctx));
  app.route('/api/sites', createAdhocFunnelRoute(ctx));
  app.route('/api/internal', createInternalRoute(ctx));
  app.all('/api/*', (c) =>
    errorResponse(c, 404, 'not_found', `No API endpoint ${c.req.method} ${c.req.path}. See docs/API.md.`),
  );
  app.route('/', createTrackerRoute());
  // The demo shop sends events for the built-in demo site, so it exists only while that site does.
  if (ctx.loaded.config.demo) app.route('/demo-shop', createDemoShopRoute());

  if (ctx.dashboardDir) {
    const root = ctx.dashboardDir;
    app.use('/*', serveStatic({ root }));
    // Client-side routes fall back to the app shell.
    app.get('*', serveStatic({ root, path: 'index.html' }));
  } else {
    app.get('/', (c) =>
      c.text('midgoal is running. The dashboard is not built: run `npm run build:dashboard` (npm start does it).'),
    );
  }

  app.onError((err, c) => {
    console.error(err);
    return errorResponse(c, 500, 'internal', 'Something went wrong on the server; the log has details.');
  });
  return app;
}
