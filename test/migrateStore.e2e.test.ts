/**
 * `midgoal migrate-store` (issue 4, "moving up"): the demo shop's embedded store copied into a real
 * ClickHouse gives the article's funnel there too (1000 → 800 → 240 → 72 → 54 → 27); a second run
 * writes nothing twice; mistakes get a clear message. Needs ClickHouse on 8123 (CI starts one).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from './helpers/serverProcess.ts';
import { clickHouseForSuite, CLICKHOUSE_HTTP } from './helpers/storeEngines.ts';

const ready = await clickHouseForSuite('migrate-store');

const DATABASE = `midgoal_move_${process.pid}_${Date.now().toString(36)}`;
const TARGET = `clickhouse://${CLICKHOUSE_HTTP.replace(/^http:\/\//, '')}/${DATABASE}`;
const reportSchema = z.object({ steps: z.array(z.object({ count: z.number() })) });

describe.skipIf(!ready)('midgoal migrate-store', () => {
  let dir: string;
  let data: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'midgoal-move-'));
    data = path.join(dir, 'data');
    const demo = await runCli(['demo', '--data', data]);
    expect(demo.code, demo.stderr).toBe(0);
  });

  afterAll(async () => {
    await fetch(`${CLICKHOUSE_HTTP}/`, { method: 'POST', body: `DROP DATABASE IF EXISTS ${DATABASE}` }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('copies every event, checks the counts, and the funnel on ClickHouse is the article’s', async () => {
    const out = await runCli(['migrate-store', '--data', data, '--to', TARGET]);
    expect(out.code, out.stderr).toBe(0);
    const line = /^demo\s+([\d,]+)\s+([\d,]+)\s+ok$/m.exec(out.stdout);
    expect(line?.[1]).toBeDefined();
    expect(line?.[2]).toBe(line?.[1]);
    expect(out.stderr).toMatch(/events \(demo, [\d,]+ events\/s\)/);

    const onClickHouse = await runCli(['funnel', '--site', 'demo', '--funnel', 'purchase', '--json', '--data', path.join(dir, 'collector')], { MIDGOAL_STORE: TARGET });
    expect(onClickHouse.code, onClickHouse.stderr).toBe(0);
    expect(reportSchema.parse(JSON.parse(onClickHouse.stdout)).steps.map((s) => s.count)).toEqual([1000, 800, 240, 72, 54, 27]);
  });

  it('a second run writes nothing twice', async () => {
    const before = await (await fetch(`${CLICKHOUSE_HTTP}/`, { method: 'POST', body: `SELECT count() FROM ${DATABASE}.events` })).text();
    const again = await runCli(['migrate-store', '--data', data, '--to', TARGET]);
    expect(again.code, again.stderr).toBe(0);
    const after = await (await fetch(`${CLICKHOUSE_HTTP}/`, { method: 'POST', body: `SELECT count() FROM ${DATABASE}.events` })).text();
    expect(after).toBe(before);
  });

  it('says what is wrong: an unknown site, a target that is not ClickHouse', async () => {
    const site = await runCli(['migrate-store', '--data', data, '--to', TARGET, '--site', 'shpo']);
    expect(site.code).toBe(1);
    expect(site.stderr).toContain('No events for site "shpo"');
    expect(site.stderr).toContain('Sites there: demo');
    const to = await runCli(['migrate-store', '--data', data, '--to', 'postgres://x@db/m']);
    expect(to.code).toBe(1);
    expect(to.stderr).toContain('--to must be a clickhouse:// URL');
  });
});
