/**
 * Runs measureFunnelCache against an existing data folder holding the bench site (for measuring
 * the cache alone without regenerating 10M events): `tsx --expose-gc bench/runFunnelCacheBench.ts
 * <dataDir> [runs]`. Appends a 20k-event batch to that store: use a copy.
 */
import { openDuckDbStore } from '../src/store/duckdb/openDuckDbStore.ts';
import { measureCacheUpdate, measureFunnelCache } from './measureFunnelCache.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx --expose-gc bench/runFunnelCacheBench.ts <dataDir> [runs]');
const store = await openDuckDbStore(dir);
try {
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const result = await measureFunnelCache(store, Number(process.argv[3] ?? 5), log);
  const update = await measureCacheUpdate(store, log);
  const brief = (p: { cache: { medianMs: number; runsMs: number[] }; sql: { medianMs: number }; agree: boolean }) => ({
    cacheMs: Math.round(p.cache.medianMs),
    cacheRuns: p.cache.runsMs.map(Math.round),
    sqlMs: Math.round(p.sql.medianMs),
    agree: p.agree,
  });
  console.log(
    JSON.stringify(
      {
        ...result,
        funnel: { ...brief(result.funnel), counts: result.funnel.cache.result },
        breakdown: brief(result.breakdown),
        trend: brief(result.trend),
        update,
      },
      null,
      1,
    ),
  );
} finally {
  await store.close();
}
