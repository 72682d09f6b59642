/**
 * Run a request when its key changes, cancel the previous one, and keep the last good answer on
 * screen while the next loads (no flicker when only the dates change).
 */
import { useEffect, useState } from 'react';

export type RequestState<T> =
  | { status: 'idle' }
  | { status: 'loading'; previous: T | null }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: unknown };

/** `key` null means "nothing to ask yet" (e.g. no funnel chosen). */
export function useRequest<T>(key: string | null, run: (signal: AbortSignal) => Promise<T>): RequestState<T> {
  const [state, setState] = useState<RequestState<T>>({ status: 'idle' });
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ status: 'loading', previous: s.status === 'ready' ? s.data : s.status === 'loading' ? s.previous : null }));
    run(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
    // `run` is rebuilt each render; the key says when the request really changes.
  }, [key]);
  return state;
}
