import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { routedFetch, type FakeEndpoint } from '@/test/fake-http';
import PasswordPage from './password-page';
const user = { id: 'u1', username: 'ann', email: 'a@x', role: 'Admin' as const };

function renderPage(endpoints: FakeEndpoint[], entry = '/settings/password?required=1') {
  const http = routedFetch(endpoints);
  vi.stubGlobal('fetch', http.fetch);
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={[entry]}>
        <Routes>
          <Route path="/settings/password" element={<PasswordPage />} />
          <Route path="/" element={<p>dashboard page</p>} />
          <Route path="/settings" element={<p>settings page</p>} />
          <Route path="/login" element={<p>sign-in page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

async function fill(newPassword = 'A-much-better-one-2026') {
  const u = userEvent.setup();
  await u.type(screen.getByLabelText(/^Current password/), 'old-password');
  await u.type(screen.getByLabelText(/^New password/), newPassword);
  await u.type(screen.getByLabelText(/^Confirm new password/), newPassword);
  await u.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('PasswordPage', () => {
  afterEach(() => {
    document.cookie = 'stockade_csrf=; max-age=0; path=/';
    useUi.setState({ toasts: [] });
    act(() => useSession.getState().signOut());
  });

  it('after a forced change (204) refreshes the token and lands on the dashboard', async () => {
    document.cookie = 'stockade_csrf=c-9; path=/';
    useSession.getState().signIn({ token: 'gated', expiresAt: 'x', mustChangePassword: true, user });
    const http = renderPage([
      { method: 'POST', url: '/api/profile/password', reply: [{ status: 204 }] },
      {
        method: 'POST',
        url: '/api/auth/refresh',
        reply: [{ status: 200, data: { token: 'fresh', expiresAt: '2030-01-01T00:00:00Z', mustChangePassword: false, user } }],
      },
    ]);
    await fill();
    expect(await screen.findByText('dashboard page')).toBeInTheDocument();
    expect(http.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['post /api/profile/password', 'post /api/auth/refresh']);
    expect(http.calls[0].headers.get('Authorization')).toBe('Bearer gated');
    expect(http.calls[1].headers.get('X-CSRF-Token')).toBe('c-9');
    expect(http.calls[1].headers.has('Authorization')).toBe(false);
    const s = useSession.getState();
    expect([s.token, s.mustChangePassword]).toEqual(['fresh', false]);
    expect(useUi.getState().toasts.map((t) => t.message)).toContain('Password changed. Your other sessions were signed out.');
  });

  it('a voluntary change goes back to the settings', async () => {
    document.cookie = 'stockade_csrf=c-9; path=/';
    useSession.getState().signIn({ token: 'tok', expiresAt: 'x', mustChangePassword: false, user });
    renderPage(
      [
        { method: 'POST', url: '/api/profile/password', reply: [{ status: 204 }] },
        {
          method: 'POST',
          url: '/api/auth/refresh',
          reply: [{ status: 200, data: { token: 'fresh', expiresAt: 'y', mustChangePassword: false, user } }],
        },
      ],
      '/settings/password',
    );
    await fill();
    expect(await screen.findByText('settings page')).toBeInTheDocument();
  });

  it('when the session cannot be refreshed, asks to sign in again', async () => {
    useSession.getState().signIn({ token: 'tok', expiresAt: 'x', mustChangePassword: true, user });
    renderPage([{ method: 'POST', url: '/api/profile/password', reply: [{ status: 204 }] }]);
    await fill();
    expect(await screen.findByText('sign-in page')).toBeInTheDocument();
    await waitFor(() => expect(useSession.getState().token).toBeNull());
  });

  it('shows the server field errors', async () => {
    useSession.getState().signIn({ token: 'tok', expiresAt: 'x', mustChangePassword: false, user });
    const http = renderPage([
      {
        method: 'POST',
        url: '/api/profile/password',
        reply: [
          {
            status: 400,
            data: {
              status: 400,
              title: 'Invalid',
              errors: [{ field: 'newPassword', message: 'Password must differ from your last 5 passwords' }],
            },
          },
        ],
      },
    ]);
    await fill();
    expect(await screen.findByText('Password must differ from your last 5 passwords')).toBeInTheDocument();
    expect(screen.getByLabelText(/^New password/)).toHaveAttribute('aria-invalid', 'true');
    expect(http.to('POST', '/api/auth/refresh')).toHaveLength(0);
  });
});
