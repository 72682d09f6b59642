/** The bench report as the table `npm run bench` prints. */
import type { BenchReport } from './BenchReport.ts';
import { ran } from './BenchReport.ts';
import { compareStores } from './compareStores.ts';
import type { CollectorResult } from './measureCollector.ts';

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
  if (ran(r.collector)) lines.push(...collectorLines('collector', r.collector));
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
  lines.push(...formatStores(r));
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

function collectorLines(prefix: string, c: CollectorResult): string[] {
  const lines: string[] = [];
  for (const [label, l] of [['batched', c.batched], ['single ', c.single]] as const) {
    lines.push(
      `${prefix} ${label}: ${n(l.requests)} requests in ${l.seconds.toFixed(1)} s, ${n(l.acceptedEvents)} events accepted, ` +
        `p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms, max ${l.maxMs.toFixed(1)} ms, ${l.failed} failed, ` +
        `load generator used ${l.clientCpuPercent.toFixed(0)}% of a core`,
    );
    for (const f of l.failures) lines.push(`    failure: ${f}`);
  }
  return lines;
}

/** Issue 4 item 7: the same suite on the embedded DuckDB store and on the ClickHouse store, side by side. */
export function formatStores(r: Pick<BenchReport, 'import' | 'collector' | 'funnel' | 'speed' | 'clickhouseStore'>): string[] {
  const ch = r.clickhouseStore;
  if (!ran(ch)) return ['', `ClickHouse store: not measured — ${ch.reason}`];
  const rows: string[][] = [['on each store', 'DuckDB store', 'ClickHouse store', 'target', 'DuckDB / ClickHouse']];
  for (const row of compareStores(r)) rows.push([row.name, row.duckdb, row.clickhouse, row.target, row.mark]);
  const lines = ['', `midgoal on its ClickHouse store (ClickHouse ${ch.version}, MIDGOAL_STORE=${ch.url}), same events and questions:`, ...table(rows)];

  const imp = ch.import;
  if (!ran(imp)) lines.push(`ClickHouse store import:       not measured — ${imp.reason}`);
  else {
    lines.push(
      `ClickHouse store import:       ${n(imp.events)} events appended in ${imp.appendSeconds.toFixed(2)} s (the store looks each batch's ids up before inserting)` +
        (imp.bulkEvents > 0
          ? `; time bound reached, the other ${n(imp.bulkEvents)} went in by a plain insert in ${imp.bulkSeconds.toFixed(1)} s (untimed, no id check)`
          : ''),
    );
  }
  for (const [label, t] of [['funnel', ch.funnel], ['by channel', ch.byChannel], ['weekly trend', ch.weekly]] as const) {
    const head = `ClickHouse store ${`${label}:`.padEnd(13)} `;
    if (!ran(t)) {
      lines.push(`${head}not measured — ${t.reason}`);
      continue;
    }
    const runs = `median ${t.medianMs.toFixed(0)} ms of [${t.runsMs.map((x) => x.toFixed(0)).join(', ')}]`;
    const groups = Array.isArray(t.result) ? 0 : Object.keys(t.result).length;
    const answer = Array.isArray(t.result) ? ` → ${t.result.map(n).join(' → ')}` : ` (${groups} group${groups === 1 ? '' : 's'})`;
    lines.push(`${head}${runs}${answer}`);
  }
  const c = ch.collector;
  if (!ran(c)) lines.push(`ClickHouse store collector: not measured — ${c.reason}`);
  else {
    lines.push(...collectorLines('collector on ClickHouse', c));
    lines.push(`collector on ClickHouse: ${n(c.storedEvents)} events were in ClickHouse when the server stopped (an answer means the ingest log has them; its writer fills the store behind)`);
  }
  const labels = { funnel: 'funnel', byChannel: 'funnel by channel', weekly: 'weekly trend' } as const;
  const differ = (['funnel', 'byChannel', 'weekly'] as const).filter((k) => ch.agree[k] === false).map((k) => labels[k]);
  if (differ.length > 0) {
    lines.push('', `!!!!!!!! MISMATCH: the ClickHouse store's answers differ from the DuckDB store's (${differ.join(', ')}) !!!!!!!!`, '');
  }
  return lines;
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd());
}
