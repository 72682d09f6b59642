import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createDemoShopRoute } from './demoShopRoute.ts';

function setup() {
  const app = new Hono();
  app.route('/demo-shop', createDemoShopRoute());
  return app;
}

describe('GET /demo-shop/…', () => {
  it('serves the pages, tagged with the real tracker script', async () => {
    const app = setup();
    for (const page of ['', 'category.html', 'product.html', 'cart.html', 'checkout.html', 'confirm.html', 'thanks.html']) {
      const res = await app.request(`/demo-shop/${page}`);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<script defer src="/t.js" data-site="demo"></script>');
    }
  });

  it('serves the video, the PDF and the scripts with their types', async () => {
    const app = setup();
    const types = await Promise.all(
      ['media/towel.webm', 'catalogue.pdf', 'shop.js', 'shop.css'].map(async (f) => (await app.request(`/demo-shop/${f}`)).headers.get('content-type')),
    );
    expect(types).toEqual(['video/webm', 'application/pdf', 'text/javascript; charset=utf-8', 'text/css; charset=utf-8']);
    const video = new Uint8Array(await (await app.request('/demo-shop/media/towel.webm')).arrayBuffer());
    expect([...video.slice(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML magic
    expect(video.length).toBeLessThan(50_000);
    expect(await (await app.request('/demo-shop/catalogue.pdf')).text()).toMatch(/^%PDF-1\.4[\s\S]*%%EOF\n$/);
  });

  it('gives the single-page app its shell for every path below /app/', async () => {
    const app = setup();
    for (const path of ['/demo-shop/app/', '/demo-shop/app/products/towel']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<body data-page="app">');
    }
  });

  it('adds the slash to folder URLs, so relative links work', async () => {
    const app = setup();
    expect((await app.request('/demo-shop')).headers.get('location')).toBe('/demo-shop/');
    expect((await app.request('/demo-shop/app')).headers.get('location')).toBe('/demo-shop/app/');
  });

  it('serves nothing outside its folder, and 404s unknown names', async () => {
    const app = setup();
    for (const path of ['/demo-shop/../package.json', '/demo-shop/%2e%2e/package.json', '/demo-shop/demoShopRoute.ts', '/demo-shop/nope.html']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
    }
  });
});
