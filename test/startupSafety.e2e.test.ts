/**
 * Start-up and import must not change what is already stored: a restart replays the previous run's
 * log before deciding whether to seed the demo, and `import --replace` with a file that yields
 * nothing deletes nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openIngestLog } from '../src/ingest/openIngestLog.ts';
import { blankStoredEvent } from '../src/schema/storedEvent.ts';
import { openDuckDbStore } from '../src/store/duckdb/openDuckDbStore.ts';
import { runCli, startServerProcess } from './helpers/serverProcess.ts';

async function storedCount(dataDir: string, site: string): Promise<number> {
  const store = await openDuckDbStore(dataDir);
  try {
    return await store.countEvents(site);
  } finally {
    await store.close();
  }
}

describe('start-up', () => {
  it('replays events left in the log before checking whether to seed the demo, so no demo is added', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'midgoal-startup-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    // A previous run accepted 3 events into its log and died before writing them to the store.
    const log = await openIngestLog(dataDir);
    const ts = Date.now() - 60_000;
    await log.append(
      ['a', 'b', 'c'].map((id) => blankStoredEvent({ id, site: 'demo', ts, name: 'page_view', visitor: `v-${id}` })),
    );
    await log.close();

    const server = await startServerProcess({ dataDir }); // demo seeding on, as for `npm start`
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { events: number; lag: number };
    expect(await server.stop()).toBe(0);
    expect(health.events + health.lag).toBe(3);
    expect(await storedCount(dataDir, 'demo')).toBe(3);
  });
});

describe('import --replace', () => {
  it('keeps the stored events when the new file yields no event', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'midgoal-replace-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const ts = '2026-11-01T00:00:00Z';
    const good = path.join(dataDir, 'good.ndjson');
    await writeFile(good, ['x1', 'x2'].map((id) => JSON.stringify({ id, name: 'page_view', visitor: id, ts })).join('\n'));
    const first = await runCli(['import', good, '--site', 'demo', '--data', dataDir]);
    expect(first.code).toBe(0);
    expect(await storedCount(dataDir, 'demo')).toBe(2);

    const bad = path.join(dataDir, 'bad.ndjson');
    await writeFile(bad, '{"name": "page_view", "visitor": \n{not json}\n');
    const second = await runCli(['import', bad, '--site', 'demo', '--data', dataDir, '--replace']);
    expect(second.code).toBe(1);
    expect(await storedCount(dataDir, 'demo')).toBe(2);
  });
});
