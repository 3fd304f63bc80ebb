import { registerRefresh } from '@/api/http';
import { useSession } from '@/stores/session';
import { queryClient } from '@/lib/query-client';
import { csrfToken, requestRefresh } from './session-api';

/** The Web Locks name shared by every tab of this origin. */
export const REFRESH_LOCK = 'stockade-refresh';

let inflight: Promise<string | null> | null = null;

/**
 * Runs `fn` while holding the cross-tab refresh lock when the browser has the Web Locks API.
 * Refresh tokens are single-use: two tabs refreshing with the same cookie at once would look
 * like token theft and end the session. Inside the lock the cookie jar already holds the
 * cookie the previous holder received, so simply refreshing again is safe.
 */
function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  if (locks && typeof locks.request === 'function') {
    return locks.request(REFRESH_LOCK, { mode: 'exclusive' }, () => fn()) as Promise<T>;
  }
  return fn();
}

async function refreshOnce(): Promise<string | null> {
  const csrf = csrfToken();
  // No CSRF cookie: there is no browser session to resume (signed out or never signed in).
  if (!csrf) return null;
  try {
    const r = await requestRefresh(csrf);
    if (!r?.token || !r.user) return null;
    const s = useSession.getState();
    // Another tab signed in as someone else: nothing cached for the previous user may show.
    if (s.user && s.user.id !== r.user.id) queryClient.clear();
    s.signIn(r);
    return r.token;
  } catch {
    // 401: the session ended (the server cleared the cookies); 403: the CSRF token was refused;
    // a network failure: the session cannot be confirmed. In every case: no session.
    return null;
  }
}

/**
 * Silent re-authentication with the refresh cookie: stores the new token, expiry and user and
 * returns the token, or null when the session cannot be resumed. Concurrent callers in this tab
 * share one request; tabs take turns through the Web Locks API.
 */
export function refreshSession(): Promise<string | null> {
  inflight ??= withRefreshLock(refreshOnce).finally(() => {
    inflight = null;
  });
  return inflight;
}

/** Whether a reload can resume a session (the readable CSRF cookie of a browser session is there). */
export function canResumeSession(): boolean {
  return csrfToken() !== null;
}

/** Hooks the refresh into the API client: a 401 triggers one refresh and one retry. */
export function installSilentReauth(): void {
  registerRefresh(refreshSession);
}
