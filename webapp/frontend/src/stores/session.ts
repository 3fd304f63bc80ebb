import { create } from 'zustand';
import type { LoginResponse, Role, SessionUser } from '@/api/types';

/**
 * The signed-in session. Held in memory only (no persist middleware, no Web Storage): after a
 * reload the HttpOnly refresh cookie resumes it (lib/auth/session.ts, app/session-boot.tsx).
 */
export interface SessionState {
  token: string | null;
  expiresAt: string | null;
  user: SessionUser | null;
  mustChangePassword: boolean;
  /** The token opens only the second-factor enrolment (the organisation requires one). */
  mfaEnrolmentRequired: boolean;
  signIn: (response: LoginResponse) => void;
  setToken: (token: string, expiresAt?: string | null) => void;
  /** A call was refused with 403 mfa-enrolment-required: the token carries the enrolment gate. */
  requireMfaEnrolment: () => void;
  signOut: () => void;
}

export const useSession = create<SessionState>()((set) => ({
  token: null,
  expiresAt: null,
  user: null,
  mustChangePassword: false,
  mfaEnrolmentRequired: false,
  signIn: (r) =>
    set({
      token: r.token,
      expiresAt: r.expiresAt ?? null,
      user: r.user,
      mustChangePassword: Boolean(r.mustChangePassword),
      mfaEnrolmentRequired: Boolean(r.mfaEnrolmentRequired),
    }),
  setToken: (token, expiresAt = null) => set({ token, expiresAt }),
  requireMfaEnrolment: () => set((s) => (s.token ? { mfaEnrolmentRequired: true } : {})),
  signOut: () => set({ token: null, expiresAt: null, user: null, mustChangePassword: false, mfaEnrolmentRequired: false }),
}));

export function useRole(): Role | null {
  return useSession((s) => s.user?.role ?? null);
}
