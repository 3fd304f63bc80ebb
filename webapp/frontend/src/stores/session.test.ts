import { beforeEach, describe, expect, it } from 'vitest';
import { useSession } from './session';

describe('session store', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    useSession.getState().signOut();
  });

  it('keeps the token in memory only', () => {
    useSession.getState().signIn({
      token: 'secret-token',
      expiresAt: '2030-01-01T00:00:00Z',
      mustChangePassword: false,
      user: { id: 'u1', username: 'ann', email: 'ann@example.com', role: 'Manager' },
    });
    expect(useSession.getState().token).toBe('secret-token');
    expect(useSession.getState().user?.role).toBe('Manager');
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).not.toContain('secret-token');
  });

  it('sign-out forgets everything', () => {
    useSession
      .getState()
      .signIn({ token: 't', expiresAt: 'x', mustChangePassword: true, user: { id: 'u', username: 'u', email: 'e', role: 'Staff' } });
    useSession.getState().signOut();
    const s = useSession.getState();
    expect([s.token, s.user, s.mustChangePassword]).toEqual([null, null, false]);
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('keeps the second-factor enrolment gate of the token, and forgets it on sign-out', () => {
    useSession.getState().requireMfaEnrolment();
    expect(useSession.getState().mfaEnrolmentRequired).toBe(false);
    useSession.getState().signIn({
      token: 't',
      expiresAt: 'x',
      mustChangePassword: false,
      mfaEnrolmentRequired: true,
      user: { id: 'u', username: 'u', email: 'e', role: 'Admin' },
    });
    expect(useSession.getState().mfaEnrolmentRequired).toBe(true);
    useSession
      .getState()
      .signIn({ token: 't2', expiresAt: 'x', mustChangePassword: false, user: { id: 'u', username: 'u', email: 'e', role: 'Admin' } });
    expect(useSession.getState().mfaEnrolmentRequired).toBe(false);
    useSession.getState().requireMfaEnrolment();
    expect(useSession.getState().mfaEnrolmentRequired).toBe(true);
    useSession.getState().signOut();
    expect(useSession.getState().mfaEnrolmentRequired).toBe(false);
  });
});
