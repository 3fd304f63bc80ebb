import { useEffect, useState } from 'react';
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { openLiveStream, type LiveStatus, type LiveStreamOptions, type SseEvent } from '@/lib/sse';
import { useSession } from '@/stores/session';
import { refreshAccessToken } from './http';
import { useLatest } from '@/lib/use-latest';

/** Writes a pushed view into the query cache, where the screen's own query reads it. */
export function writePushedView<T>(client: QueryClient, queryKey: QueryKey, event: SseEvent, select: (view: T) => unknown): void {
  let view: T;
  try {
    view = JSON.parse(event.data) as T;
  } catch {
    return;
  }
  client.setQueryData(queryKey, select(view));
}

/**
 * Keeps a cached query up to date from a live stream (GET /api/stream/…) while the screen is open:
 * every pushed view of `event` replaces the cached data, so the screen needs no polling. Returns
 * the stream's state for the "Live" indicator. `path` null: no stream. `onPush` runs after each
 * pushed view is written (the first one included: it is the current view).
 */
export function useLiveQuery<T>(
  path: string | null,
  event: string,
  queryKey: QueryKey,
  select: (view: T) => unknown,
  options: { onPush?: () => void; fetchFn?: LiveStreamOptions['fetchFn'] } = {},
): LiveStatus {
  const { fetchFn } = options;
  const client = useQueryClient();
  const signedIn = useSession((s) => s.token !== null);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  // The latest key and selector without reopening the stream when a render makes new ones.
  const target = useLatest({ queryKey, select, onPush: options.onPush });

  useEffect(() => {
    if (!path || !signedIn) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the status mirrors the stream this effect opens or ends; it changes only with the path or the session
      setStatus('ended');
      return undefined;
    }
    setStatus('connecting');
    return openLiveStream({
      url: path,
      getToken: () => useSession.getState().token,
      refresh: refreshAccessToken,
      fetchFn,
      onStatus: setStatus,
      onEvent: (e) => {
        if (e.event !== event) return;
        writePushedView(client, target.current.queryKey, e, target.current.select);
        target.current.onPush?.();
      },
    });
  }, [path, event, signedIn, client, fetchFn, target]);

  return status;
}
