import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { useSession } from '@/stores/session';
import { routedFetch, type Reply } from '@/test/fake-http';
import { RequireAuth } from './guards';
import { SessionBoot } from './session-boot';
const fresh = {
  token: 'boot-token',
  expiresAt: '2030-01-01T00:15:00Z',
  mustChangePassword: false,
  user: { id: 'u1', username: 'ann', email: 'a@x', role: 'Staff' },
};

function setCsrf(value: string | null) {
  document.cookie = value === null ? 'stockade_csrf=; max-age=0; path=/' : `stockade_csrf=${value}; path=/`;
}

function renderApp(refresh: Reply | (() => Promise<Reply>)) {
  const http = routedFetch([{ method: 'POST', url: '/api/auth/refresh', reply: typeof refresh === 'function' ? refresh : [refresh] }]);
  vi.stubGlobal('fetch', http.fetch);
  render(
    <SessionBoot>
      <MemoryRouter initialEntries={['/inventory']}>
        <Routes>
          <Route path="/login" element={<p>sign-in page</p>} />
          <Route
            path="/inventory"
            element={
              <RequireAuth>
                <p>inventory page</p>
              </RequireAuth>
            }
          />
        </Routes>
      </MemoryRouter>
    </SessionBoot>,
  );
  return http;
}

describe('SessionBoot (page reload)', () => {
  afterEach(() => {
    setCsrf(null);
    act(() => useSession.getState().signOut());
  });

  it('shows the loading skeleton, then resumes the session from the refresh cookie', async () => {
    setCsrf('c-1');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const http = renderApp(async () => {
      await held;
      return { status: 200, data: fresh };
    });
    expect(screen.getByRole('status')).toHaveTextContent('Restoring your session…');
    expect(screen.queryByText('sign-in page')).toBeNull();
    release();
    expect(await screen.findByText('inventory page')).toBeInTheDocument();
    expect(useSession.getState().token).toBe('boot-token');
    expect(useSession.getState().user?.username).toBe('ann');
    expect(http.calls).toHaveLength(1);
    expect(http.calls[0].headers.get('X-CSRF-Token')).toBe('c-1');
  });

  it('goes to the sign-in page when the refresh is refused', async () => {
    setCsrf('c-1');
    renderApp({ status: 401, data: { status: 401 } });
    expect(await screen.findByText('sign-in page')).toBeInTheDocument();
    expect(useSession.getState().token).toBeNull();
  });

  it('without a session cookie goes straight to the sign-in page, with no request', () => {
    const http = renderApp({ status: 200, data: fresh });
    expect(screen.getByText('sign-in page')).toBeInTheDocument();
    expect(http.calls).toHaveLength(0);
  });
});
