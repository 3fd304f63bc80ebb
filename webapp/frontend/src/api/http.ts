import { createApiClient } from './client';
import { useSession } from '../stores/session';
import { toast } from '../stores/ui';
import { currentPath, navigateTo } from '../app/navigation';

/** A pluggable silent re-authentication (e.g. a refresh cookie, added later). */
let refreshFn: (() => Promise<string | null>) | null = null;

export function registerRefresh(fn: (() => Promise<string | null>) | null): void {
  refreshFn = fn;
}

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
  notify: (message, kind) => toast(message, kind),
  refresh: async () => {
    if (!refreshFn) return null;
    const token = await refreshFn();
    if (token) useSession.getState().setToken(token);
    return token;
  },
});
