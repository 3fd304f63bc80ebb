import { api } from '../../api/http';
import type { Login, LoginResponse, MfaChallenge } from '../../api/types';

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
 * POST /api/auth/login: either signed in (token, cookies set) or, for a user with a second factor,
 * a challenge to answer with verifyMfa().
 */
export async function login(body: Login): Promise<LoginResponse | MfaChallenge> {
  // 401 here means wrong credentials and 429 too many attempts: both shown on the form (silent),
  // no redirect, and no automatic retry of a rate-limited sign-in.
  const { data } = await api.post<LoginResponse | MfaChallenge>('/api/auth/login', body, { skipAuthRedirect: true, silent: true, noRetry: true });
  return data;
}

export function isMfaChallenge(r: LoginResponse | MfaChallenge | null | undefined): r is MfaChallenge {
  return !!r && (r as MfaChallenge).mfaRequired === true && typeof (r as MfaChallenge).challenge === 'string';
}

/** The second step of signing in: a 6-digit code from the app, or one of the recovery codes. */
export type MfaAnswer = { code: string } | { recoveryCode: string };

/**
 * POST /api/auth/mfa/verify: answers the login challenge; signed in as login() would (cookies set).
 * No bearer token (there is no session yet) and never retried (a code is single-use).
 * 401: wrong or expired code; after 5 wrong codes or 5 minutes the challenge is dead.
 */
export async function verifyMfa(challenge: string, answer: MfaAnswer): Promise<LoginResponse> {
  const { data } = await api.post<LoginResponse>(
    '/api/auth/mfa/verify',
    { challenge, ...answer },
    { skipAuthHeader: true, skipAuthRedirect: true, silent: true, noRetry: true },
  );
  return data;
}

export interface PasswordResetAccepted {
  message?: string;
}

/** The neutral answer to a reset request (the same whether or not the address is known). */
export const RESET_REQUESTED_MESSAGE = 'If an active account uses that address, a reset link is on its way. It is valid for one hour.';

/** POST /api/auth/password-reset: always 202 (429 when asked too often). */
export async function requestPasswordReset(email: string): Promise<string> {
  const { data } = await api.post<PasswordResetAccepted>(
    '/api/auth/password-reset',
    { email },
    { skipAuthHeader: true, skipAuthRedirect: true, silent: true, noRetry: true },
  );
  return typeof data?.message === 'string' && data.message ? data.message : RESET_REQUESTED_MESSAGE;
}

/** POST /api/auth/password-reset/confirm: 204, or 400 with field errors on token / newPassword. */
export async function confirmPasswordReset(token: string, newPassword: string): Promise<void> {
  await api.post(
    '/api/auth/password-reset/confirm',
    { token, newPassword },
    { skipAuthHeader: true, skipAuthRedirect: true, silent: true, noRetry: true },
  );
}

/**
 * The reset token of the e-mailed link `/reset-password#token=…`: in the fragment, so it never
 * reaches a server log or a Referer header.
 */
export function resetTokenFromHash(hash: string): string | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!raw) return null;
  const token = new URLSearchParams(raw).get('token')?.trim();
  return token ? token : null;
}

/**
 * POST /api/auth/refresh: authenticated by the HttpOnly refresh cookie (sent by the browser) and
 * the CSRF header, never by a bearer token. Single-use refresh tokens: never retried.
 * Callers go through refreshSession() (features/auth/session.ts), which serialises refreshes.
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
