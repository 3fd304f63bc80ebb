import { api } from '@/api/http';
import type { Login, LoginResponse, MfaAnswer, MfaChallenge, PasswordResetAnswer } from '@/api/types';

/**
 * POST /api/auth/login: either signed in (token, cookies set) or, for a user with a second factor,
 * a challenge to answer with verifyMfa().
 */
export async function login(body: Login): Promise<LoginResponse | MfaChallenge> {
  // 401 here means wrong credentials and 429 too many attempts: both shown on the form (silent),
  // no redirect, and no automatic retry of a rate-limited sign-in.
  const { data } = await api.post<LoginResponse | MfaChallenge>('/api/auth/login', body, {
    skipAuthRedirect: true,
    silent: true,
    noRetry: true,
  });
  return data;
}

export function isMfaChallenge(r: LoginResponse | MfaChallenge | null | undefined): r is MfaChallenge {
  return !!r && (r as MfaChallenge).mfaRequired === true && typeof (r as MfaChallenge).challenge === 'string';
}

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

/** The neutral answer to a reset request (the same whether or not the address is known). */
export const RESET_REQUESTED_MESSAGE = 'If an active account uses that address, a reset link is on its way. It is valid for one hour.';

/** POST /api/auth/password-reset: always 202 (429 when asked too often). */
export async function requestPasswordReset(email: string): Promise<string> {
  const { data } = await api.post<PasswordResetAnswer>(
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
