/** A complete CollectorStatus for tests of both engines; `extra` overrides fields. */
import type { CollectorStatus } from './MetaStore.ts';

export function fakeCollectorStatus(id: string, lastSeen: string, extra: Partial<CollectorStatus> = {}): CollectorStatus {
  return {
    id,
    url: `http://${id}:8787`,
    host: id,
    pid: 100,
    startedAt: '2026-11-01T00:00:00.000Z',
    lastSeen,
    lag: 0,
    storeError: null,
    version: '0.1.0',
    ...extra,
  };
}
