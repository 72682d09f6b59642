/**
 * GET /demo-shop/… — a small shop (home, category, product with a video and a PDF catalogue,
 * cart, customer-info form, confirm, thanks, and a single-page-app "quick shop" under /app/)
 * tagged with the real `<script defer src="/t.js" data-site="demo">`, so the tracker can be
 * tried, and tested, against pages like a shop's. The files are in ./pages.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const PAGES_DIR = new URL('./pages/', import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  pdf: 'application/pdf',
  webm: 'video/webm',
};

/** Only plain names from ./pages and ./pages/media: no dots in folders, no way out of the folder. */
const FILE = /^(?:media\/)?[a-z0-9-]+\.(html|js|css|pdf|webm)$/;

/**
 * Serves ./pages under the mount point; `/app/` and everything below it get the single-page
 * app's shell. Files are read on request (they are small), with `no-cache` so an edited page shows
 * at once.
 *
 * @example
 * app.route('/demo-shop', createDemoShopRoute());
 */
export function createDemoShopRoute(): Hono {
  const app = new Hono();
  // Pages link relatively to the folder, so the folder's URL ends with a slash.
  app.get('/', (c) => c.redirect(`${c.req.path}/`, 301));
  app.get('/app', (c) => c.redirect(`${c.req.path}/`, 301));
  app.get('/*', (c) => {
    // The path below the mount point: routePath is "<mount>/*".
    const name = c.req.path.slice(c.req.routePath.length - 1) || 'index.html';
    if (name.startsWith('app/')) return serve('app.html');
    return FILE.test(name) ? serve(name) : notFound();
  });
  return app;
}

async function serve(name: string): Promise<Response> {
  const type = CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
  try {
    const body = await readFile(fileURLToPath(new URL(name, PAGES_DIR)));
    return new Response(body, { headers: { 'Content-Type': type, 'Cache-Control': 'no-cache' } });
  } catch {
    return notFound();
  }
}

function notFound(): Response {
  return new Response('Not found in the demo shop. / デモショップにこのページはありません。', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
