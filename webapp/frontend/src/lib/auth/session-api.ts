import { api } from '@/api/http';
import type { LoginResponse } from '@/api/types';

// The browser session's cookie plumbing: the silent refresh (lib/auth/session.ts), the app's
// sign-out and the API client all use it, so it lives beside them rather than in features/auth.

/** The readable cookie holding the CSRF token that refresh and logout must echo in a header. */
export const CSRF_COOKIE = 'stockade_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** A cookie's value from document.cookie, or null. */
export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

export function csrfToken(): string | null {
  const v = readCookie(CSRF_COOKIE);
  return v ? v : null;
}

/**
 * POST /api/auth/refresh: authenticated by the HttpOnly refresh cookie (sent by the browser) and
 * the CSRF header, never by a bearer token. Single-use refresh tokens: never retried.
 * Callers go through refreshSession() (lib/auth/session.ts), which serialises refreshes.
 */
export async function requestRefresh(csrf: string): Promise<LoginResponse> {
  const { data } = await api.post<LoginResponse>('/api/auth/refresh', undefined, {
    headers: { [CSRF_HEADER]: csrf },
    skipAuthHeader: true,
    skipAuthRedirect: true,
    noRetry: true,
    silent: true,
    timeout: 15_000,
  });
  return data;
}

/** POST /api/auth/logout (cookie + CSRF header, no bearer). Its failure is ignored: the caller signs out locally anyway. */
export async function logout(): Promise<void> {
  const csrf = csrfToken();
  try {
    await api.post('/api/auth/logout', undefined, {
      headers: csrf ? { [CSRF_HEADER]: csrf } : {},
      skipAuthHeader: true,
      skipAuthRedirect: true,
      noRetry: true,
      silent: true,
      timeout: 10_000,
    });
  } catch {
    // Ignored: the session is forgotten here in any case.
  }
}
