import { useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import { statusOf } from '@/api/problem';
import type { AuthSession, AuthSessionList, MfaEnrolment, MfaProof, MfaStatus, RecoveryCodes } from '@/api/types';

export function useSessions() {
  return useQuery({
    queryKey: qk.sessions,
    queryFn: async () => (await api.get<AuthSessionList>('/api/auth/sessions')).data.sessions ?? [],
  });
}

/** Ends one of the user's own sessions. A 404 (already ended or expired) counts as done. */
export async function revokeSession(id: string): Promise<void> {
  try {
    await api.delete(`/api/auth/sessions/${encodeURIComponent(id)}`, { silent: true });
  } catch (e) {
    if (statusOf(e) === 404) return;
    throw e;
  }
}

export function deviceName(s: Pick<AuthSession, 'device'>): string {
  return s.device?.trim() || 'Unknown device';
}

export function useMfaStatus() {
  return useQuery({
    queryKey: qk.mfa,
    queryFn: async () => (await api.get<MfaStatus>('/api/auth/mfa')).data,
  });
}

/** Starts (or restarts) setting up an authenticator app. 409 mfa-already-enrolled. */
export async function startMfaEnrolment(): Promise<MfaEnrolment> {
  return (await api.post<MfaEnrolment>('/api/auth/mfa/enrolment', undefined, { silent: true, noRetry: true })).data;
}

/** Confirms the set-up with a first code: the recovery codes, shown once. 400 field error on code. */
export async function confirmMfaEnrolment(code: string): Promise<string[]> {
  const { data } = await api.post<RecoveryCodes>('/api/auth/mfa/enrolment/confirm', { code }, { silent: true, noRetry: true });
  return Array.isArray(data?.recoveryCodes) ? data.recoveryCodes : [];
}

/** DELETE /api/auth/mfa with the password and a code: 204; 400 field errors; 409 mfa-required. */
export async function disableMfa(password: string, proof: MfaProof): Promise<void> {
  await api.delete('/api/auth/mfa', { data: { password, ...proof }, silent: true, noRetry: true });
}

/** Groups a Base32 secret in blocks of four for typing it in by hand (apps ignore the spaces). */
export function groupSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** The text of the downloadable recovery codes file. */
export function recoveryCodesText(codes: string[], username?: string | null, when: Date = new Date()): string {
  const who = username ? ` for ${username}` : '';
  return [
    `Stockade recovery codes${who}`,
    `Created ${when.toISOString()}`,
    '',
    'Each code signs you in once when you cannot use your authenticator app.',
    'Keep them somewhere safe, apart from your phone.',
    '',
    ...codes,
    '',
  ].join('\n');
}
