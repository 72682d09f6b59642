/**
 * Builds the dashboard into dist/dashboard, which the server mounts at `/`.
 * `npx vite --config src/dashboard/vite.config.ts` serves it for development: with
 * MIDGOAL_MOCK=1 the API is answered by a fixture, otherwise /api goes to MIDGOAL_API
 * (default http://127.0.0.1:8787, where `midgoal serve` listens unless told otherwise).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { mockApi } from './dev/mockApi.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const useMock = Boolean(process.env.MIDGOAL_MOCK);

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), ...(useMock ? [mockApi()] : [])],
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    // ECharts alone is ~350 kB minified even when imported modularly; that is expected here.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: useMock ? {} : { '/api': process.env.MIDGOAL_API ?? 'http://127.0.0.1:8787' },
  },
});
