import { describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS } from './limits.ts';
import { sessionIds } from './sessionIds.ts';
import type { KeyValue } from './types.ts';

describe('sessionIds', () => {
  it('keeps the visitor for good and the session while events come less than 30 minutes apart', () => {
    const storage: KeyValue = {};
    const first = sessionIds(storage, 1_000_000);
    expect(first.visitor).toMatch(/^[a-z0-9]{6,}$/);
    expect(storage.midgoal_id).toBe(`${first.visitor}.${first.session}.1000000`);

    const soon = sessionIds(storage, 1_000_000 + SESSION_IDLE_MS - 1);
    expect(soon).toEqual(first);
    // Measured from the last event, not the first: 29 more minutes still continue the session.
    const later = sessionIds(storage, 1_000_000 + 2 * SESSION_IDLE_MS - 2);
    expect(later).toEqual(first);

    const next = sessionIds(storage, 1_000_000 + 3 * SESSION_IDLE_MS);
    expect(next.visitor).toBe(first.visitor);
    expect(next.session).not.toBe(first.session);
  });

  it('starts over from a value it cannot read', () => {
    const storage: KeyValue = { midgoal_id: 'garbage' };
    const ids = sessionIds(storage, 5);
    expect(ids.visitor).toBe('garbage');
    expect(ids.session).toMatch(/^[a-z0-9]+$/);
  });
});
