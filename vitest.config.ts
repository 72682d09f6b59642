import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB and the spawned servers use native threads and ports; forks isolate them best.
    pool: 'forks',
    maxWorkers: 2,
  },
});
