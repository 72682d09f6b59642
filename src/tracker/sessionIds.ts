import { SESSION_IDLE_MS } from './limits.ts';
import { randomId } from './randomId.ts';
import type { KeyValue } from './types.ts';

/**
 * The first-party visitor id and the current session id, kept in localStorage as
 * `midgoal_id` = "visitor.session.lastEventMs"; every event extends the session.
 */
export function sessionIds(storage: KeyValue, now: number): { visitor: string; session: string } {
  let [visitor, session, last] = (storage.midgoal_id || randomId()).split('.') as [string, string?, string?];
  if (!(now - +last! < SESSION_IDLE_MS)) session = randomId();
  storage.midgoal_id = visitor + '.' + session + '.' + now;
  return { visitor, session: session! };
}
