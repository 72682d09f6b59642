// How `midgoal serve` keeps its resident memory small under collector load (docs/BENCH.md,
// "Server memory"). bin/midgoal.js calls keepServerMemorySmall() before it loads DuckDB.
import v8 from 'node:v8';

/**
 * The environment variable DuckDB's bundled jemalloc reads its options from (jemalloc's
 * MALLOC_CONF under DuckDB's symbol prefix). src/store/duckdb/allocatorEnv.test.ts checks that the
 * installed libduckdb still reads it.
 */
export const DUCKDB_ALLOCATOR_ENV = 'DUCKDB_JE_MALLOC_CONF';

/**
 * Give freed pages back to the system at once. DuckDB's jemalloc otherwise keeps them for 5 s
 * (its dirty and muzzy decay), so under steady writes each checkpoint's work memory (~50 MB)
 * stacked on the last one's: ~40 MB of the peak RSS under the bench's collector load. It costs
 * ~5 % of collector throughput (a madvise per freed extent); 1 s of decay kept most of the memory.
 * (glibc's MALLOC_ARENA_MAX or malloc_trim do nothing here: DuckDB does not allocate through glibc.)
 */
export const DUCKDB_ALLOCATOR_OPTIONS = 'dirty_decay_ms:0,muzzy_decay_ms:0';

export function keepServerMemorySmall() {
  // jemalloc reads this once, when libduckdb is loaded: the server bundle is imported after this.
  // An operator's own setting wins.
  process.env[DUCKDB_ALLOCATOR_ENV] ??= DUCKDB_ALLOCATOR_OPTIONS;
  keepHeapSmall();
}

/**
 * A long-running server keeps its JS heap small. V8 reads both flags at every GC, so setting them
 * here, at run time, works.
 * - Old generation: after each full GC the limit grows by 30 % of what is live, instead of V8's
 *   adaptive 1.1–4×, which under collector load let garbage pile up to ~130 MB over ~35 MB live.
 * - New space: V8 doubles its two semi-spaces up to 16 MB each (32 MB resident) while many
 *   objects survive a scavenge. Growth stops once they reach NEW_SPACE_CAP together and resumes
 *   if V8 shrinks them below it. Kept at 1 MB instead, throughput fell by about a quarter.
 */
function keepHeapSmall() {
  const NEW_SPACE_CAP = 8 * 1024 * 1024;
  v8.setFlagsFromString('--heap-growing-percent=30');
  let capped = false;
  const check = () => {
    const newSpace = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    const atCap = newSpace !== undefined && newSpace.space_size >= NEW_SPACE_CAP;
    if (atCap === capped) return;
    capped = atCap;
    // 2 is V8's default growth factor.
    v8.setFlagsFromString(`--semi-space-growth-factor=${atCap ? 1 : 2}`);
  };
  check();
  setInterval(check, 50).unref();
}
