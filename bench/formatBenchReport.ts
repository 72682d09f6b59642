/** The bench report as the table `npm run bench` prints. */
import type { BenchReport } from './BenchReport.ts';
import { ran } from './BenchReport.ts';

const n = (x: number): string => Math.round(x).toLocaleString('en');

export function formatBenchReport(r: BenchReport): string {
  const m = r.machine;
  const lines: string[] = [
    '',
    `midgoal bench — ${n(r.params.events)} events, ${n(r.params.visitors)} visitors, seed ${r.params.seed}${r.params.quick ? ' (--quick)' : ''}`,
    `machine: ${m.cores} cores, ${m.cpuModel}, ${m.ramGb} GB RAM, node ${m.node}, ${m.platform}, load average ${m.loadAverage1m} at start`,
    '',
  ];
  if (m.loadAverage1m > m.cores / 2) {
    lines.push(`note: the machine was busy (load average ${m.loadAverage1m} on ${m.cores} cores); the figures are lower than on an idle machine.`, '');
  }

  const rows: string[][] = [['measure', 'value', 'target', '']];
  for (const t of r.targets) rows.push([t.name, t.value, t.target, t.pass === null ? '–' : t.pass ? 'ok' : 'MISSED']);
  lines.push(...table(rows), '');

  if (ran(r.import)) {
    lines.push(`import: ${n(r.import.events)} events appended in ${r.import.appendSeconds.toFixed(2)} s (generated in ${r.import.generateSeconds.toFixed(2)} s)`);
  }
  if (ran(r.collector)) {
    for (const [label, l] of [['batched', r.collector.batched], ['single ', r.collector.single]] as const) {
      lines.push(
        `collector ${label}: ${n(l.requests)} requests in ${l.seconds.toFixed(1)} s, ${n(l.acceptedEvents)} events accepted, ` +
          `p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms, max ${l.maxMs.toFixed(1)} ms, ${l.failed} failed, ` +
          `load generator used ${l.clientCpuPercent.toFixed(0)}% of a core`,
      );
      for (const f of l.failures) lines.push(`    failure: ${f}`);
    }
  }
  const { duckdb, clickhouse } = r.funnel;
  if (ran(duckdb)) lines.push(`funnel DuckDB:     median ${duckdb.medianMs.toFixed(0)} ms of [${duckdb.runsMs.map((x) => x.toFixed(0)).join(', ')}] → ${duckdb.counts.map(n).join(' → ')}`);
  if (ran(clickhouse)) {
    lines.push(
      `funnel ClickHouse: median ${clickhouse.medianMs.toFixed(0)} ms of [${clickhouse.runsMs.map((x) => x.toFixed(0)).join(', ')}] → ${clickhouse.counts.map(n).join(' → ')}` +
        `  (ClickHouse ${clickhouse.version}, loaded in ${clickhouse.loadSeconds.toFixed(1)} s)`,
    );
  } else {
    lines.push(`ClickHouse: not compared — ${clickhouse.reason}`);
  }
  if (r.funnel.countsAgree === true) lines.push('funnel counts: DuckDB and ClickHouse agree');
  if (r.funnel.countsAgree === false) {
    lines.push('', '!!!!!!!! MISMATCH: DuckDB and ClickHouse funnel counts differ (see the two lines above) !!!!!!!!', '');
  }
  lines.push(...formatSpeed(r));
  for (const e of r.errors) lines.push(`ERROR: ${e}`);
  return lines.join('\n');
}

/** Issue 3 "Speed": the three questions per engine, then what the cache costs. */
export function formatSpeed(r: Pick<BenchReport, 'speed'>): string[] {
  if (!ran(r.speed)) return [`funnel cache: not measured — ${r.speed.reason}`];
  const ms = (x: number | null): string => (x === null ? '–' : `${x.toFixed(0)} ms`);
  const rows: string[][] = [['question', 'funnel cache', 'DuckDB SQL', 'ClickHouse', 'ClickHouse ÷ cache', 'same answer (SQL / ClickHouse)']];
  for (const q of r.speed.rows) {
    const yes = (b: boolean | null): string => (b === null ? '–' : b ? 'yes' : 'NO');
    rows.push([q.question, ms(q.cacheMs), ms(q.sqlMs), ms(q.clickhouseMs), q.speedup === null ? '–' : `${q.speedup.toFixed(1)}×`, `${yes(q.agreeSql)} / ${yes(q.agreeClickhouse)}`]);
  }
  const c = r.speed.cache;
  const u = r.speed.update;
  return [
    '',
    ...table(rows),
    `funnel cache: ${n(c.events)} events, ${n(c.visitors)} visitors, ${n(c.shapes)} shapes; built in ${c.buildSeconds.toFixed(1)} s; ` +
      `~${n(c.estimatedMb)} MB by its estimate, RSS +${n(c.rssAddedMb)} MB, peak RSS ${n(c.peakRssMb)} MB`,
    `funnel cache scan: ${(c.scannedBytes / 1e6).toFixed(0)} MB per funnel → ${c.scanGBps.toFixed(2)} GB/s, ` +
      `against ${c.readBoundGBps.toFixed(2)} GB/s for a bare typed-array read in this process (${((100 * c.scanGBps) / c.readBoundGBps).toFixed(0)}% of that bound)`,
    ran(u)
      ? `funnel cache update: ${n(u.events)} new events taken in ${u.updateMs.toFixed(0)} ms (store.append took ${u.appendMs.toFixed(0)} ms)${u.agree ? '' : ' — MISMATCH with SQL'}`
      : `funnel cache update: not measured — ${u.reason}`,
    'weekly trend: midgoal buckets by the counted attempt’s first step, ClickHouse by the visitor’s first step-0 event; the counts may differ.',
  ];
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd());
}
