import { create } from 'zustand';
import type { LoginResponse, Role, SessionUser } from '../api/types';

/**
 * The signed-in session. Held in memory only (no persist middleware, no Web Storage):
 * a reload means signing in again.
 */
export interface SessionState {
  token: string | null;
  expiresAt: string | null;
  user: SessionUser | null;
  mustChangePassword: boolean;
  signIn: (response: LoginResponse) => void;
  setToken: (token: string, expiresAt?: string | null) => void;
  signOut: () => void;
}

export const useSession = create<SessionState>()((set) => ({
  token: null,
  expiresAt: null,
  user: null,
  mustChangePassword: false,
  signIn: (r) =>
    set({
      token: r.token,
      expiresAt: r.expiresAt ?? null,
      user: r.user,
      mustChangePassword: Boolean(r.mustChangePassword),
    }),
  setToken: (token, expiresAt = null) => set({ token, expiresAt }),
  signOut: () => set({ token: null, expiresAt: null, user: null, mustChangePassword: false }),
}));

export function useRole(): Role | null {
  return useSession((s) => s.user?.role ?? null);
}
