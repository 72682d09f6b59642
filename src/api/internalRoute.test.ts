import { describe, expect, it } from 'vitest';
import { blankStoredEvent, type StoredEvent } from '../schema/storedEvent.ts';
import { createInternalRoute } from './internalRoute.ts';
import type { AppContext } from '../server/AppContext.ts';

function setup() {
  const appended: StoredEvent[][] = [];
  const ctx = {
    token: 'secret',
    sink: { append: async (events: readonly StoredEvent[]) => void appended.push([...events]) },
    flush: async () => undefined,
  } as unknown as AppContext;
  const app = createInternalRoute(ctx);
  const post = (body: string, token = 'secret') =>
    app.request('/events', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
  return { appended, post };
}

const good = blankStoredEvent({ id: 'e1', site: 'demo', ts: 1_700_000_000_000, name: 'page_view', visitor: 'v1' });

describe('internal import endpoint', () => {
  it('accepts complete stored events', async () => {
    const { appended, post } = setup();
    const res = await post(JSON.stringify([good]));
    expect(res.status).toBe(202);
    expect(appended).toEqual([[good]]);
  });

  it('refuses a batch with an incomplete event, naming the field, and appends nothing', async () => {
    const { appended, post } = setup();
    const { received: _dropped, ...missingReceived } = good;
    const res = await post(JSON.stringify([good, missingReceived]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('1.received');
    expect(appended).toEqual([]);
  });

  it('refuses bad JSON and a wrong token', async () => {
    const { appended, post } = setup();
    expect((await post('[{')).status).toBe(400);
    expect((await post(JSON.stringify([good]), 'guess')).status).toBe(401);
    expect(appended).toEqual([]);
  });
});
