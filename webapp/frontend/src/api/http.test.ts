import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './http';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { setNavigator } from '@/lib/navigation';
import { scriptedFetch } from '@/test/fake-http';

describe('the app HTTP client wiring', () => {
  afterEach(() => {
    setNavigator(null);
    useSession.getState().signOut();
    useUi.setState({ toasts: [] });
  });

  it('401 clears the session and navigates to /login with next', async () => {
    useSession.getState().signIn({
      token: 't',
      expiresAt: '2030-01-01T00:00:00Z',
      mustChangePassword: false,
      user: { id: '1', username: 'ann', email: 'a@x.io', role: 'Staff' },
    });
    window.history.pushState({}, '', '/inventory/abc?tab=1');
    const navigate = vi.fn();
    setNavigator(navigate);
    const http = scriptedFetch([{ status: 401 }]);
    vi.stubGlobal('fetch', http.fetch);
    await expect(api.get('/api/inventory/abc')).rejects.toBeTruthy();
    expect(useSession.getState().token).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/login?next=%2Finventory%2Fabc%3Ftab%3D1', { replace: true });
  });

  it('403 puts the permission toast in the UI store', async () => {
    const http = scriptedFetch([{ status: 403, data: { type: 'https://stockade.io/problems/forbidden' } }]);
    vi.stubGlobal('fetch', http.fetch);
    await expect(api.post('/api/inventory', {})).rejects.toBeTruthy();
    expect(useUi.getState().toasts.map((t) => t.message)).toContain("You don't have permission to do that");
  });

  it('403 mfa-enrolment-required marks the session gated and goes to the enrolment page, without a toast', async () => {
    useSession.getState().signIn({
      token: 't',
      expiresAt: '2030-01-01T00:00:00Z',
      mustChangePassword: false,
      user: { id: '1', username: 'ann', email: 'a@x.io', role: 'Admin' },
    });
    window.history.pushState({}, '', '/inventory');
    const navigate = vi.fn();
    setNavigator(navigate);
    const http = scriptedFetch([
      { status: 403, data: { type: 'https://stockade.io/problems/mfa-enrolment-required', title: 'Second factor required', status: 403 } },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    await expect(api.get('/api/dashboard')).rejects.toBeTruthy();
    expect(navigate).toHaveBeenCalledWith('/settings/mfa?required=1', undefined);
    expect(useSession.getState().mfaEnrolmentRequired).toBe(true);
    expect(useUi.getState().toasts).toEqual([]);
  });

  it('403 mfa-enrolment-required on the enrolment page itself does not navigate again', async () => {
    useSession.getState().signIn({
      token: 't',
      expiresAt: '2030-01-01T00:00:00Z',
      mustChangePassword: false,
      user: { id: '1', username: 'ann', email: 'a@x.io', role: 'Admin' },
    });
    window.history.pushState({}, '', '/settings/mfa?required=1');
    const navigate = vi.fn();
    setNavigator(navigate);
    const http = scriptedFetch([{ status: 403, data: { type: 'https://stockade.io/problems/mfa-enrolment-required' } }]);
    vi.stubGlobal('fetch', http.fetch);
    await expect(api.get('/api/users/lookup')).rejects.toBeTruthy();
    expect(navigate).not.toHaveBeenCalled();
  });
});
