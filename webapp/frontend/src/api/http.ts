import { createApiClient } from './client';
import { useSession } from '@/stores/session';
import { toast } from '@/stores/ui';
import { currentPath, navigateTo } from '@/lib/navigation';

/**
 * The pluggable silent re-authentication: the refresh-cookie flow of lib/auth/session.ts,
 * installed on start (main.tsx). Returns the new access token or null when the session ended.
 */
let refreshFn: (() => Promise<string | null>) | null = null;

export function registerRefresh(fn: (() => Promise<string | null>) | null): void {
  refreshFn = fn;
}

/**
 * A new access token from the refresh cookie, stored in the session; null when the session ended.
 * Shared by the HTTP client's 401 handling and the live streams (api/live.ts).
 */
export async function refreshAccessToken(): Promise<string | null> {
  if (!refreshFn) return null;
  const token = await refreshFn();
  // The refresh usually stores the whole answer (token, expiry, user) itself; keep that.
  if (token && useSession.getState().token !== token) useSession.getState().setToken(token);
  return token;
}

/** The second-factor enrolment page (Settings → Two-step sign-in). */
export const MFA_ENROLMENT_PATH = '/settings/mfa';

export function goToLogin(): void {
  const path = currentPath();
  if (path.startsWith('/login')) return;
  const next = path && path !== '/' ? `?next=${encodeURIComponent(path)}` : '';
  navigateTo(`/login${next}`, { replace: true });
}

/** The app's one HTTP client. */
export const api = createApiClient({
  getToken: () => useSession.getState().token,
  onUnauthorized: () => {
    useSession.getState().signOut();
    goToLogin();
  },
  onPasswordChangeRequired: () => {
    if (!window.location.pathname.startsWith('/settings/password')) {
      navigateTo('/settings/password?required=1');
    }
  },
  onMfaEnrolmentRequired: () => {
    useSession.getState().requireMfaEnrolment();
    if (!window.location.pathname.startsWith(MFA_ENROLMENT_PATH)) {
      navigateTo(`${MFA_ENROLMENT_PATH}?required=1`);
    }
  },
  notify: (message, kind) => toast(message, kind),
  refresh: refreshAccessToken,
});
