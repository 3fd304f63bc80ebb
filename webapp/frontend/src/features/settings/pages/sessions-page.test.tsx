import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { routedFetch } from '@/test/fake-http';
import SessionsPage from './sessions-page';
import type { AuthSession } from '@/api/types';

const base = { userAgent: 'UA', createdAt: '2026-03-01T08:00:00Z', lastUsedAt: '2026-03-02T09:30:00Z', expiresAt: '2026-04-01T00:00:00Z' };
const all: AuthSession[] = [
  { ...base, id: 's-phone', device: 'Safari on iPhone', ip: '198.51.100.23', current: false },
  { ...base, id: 's-here', device: 'Firefox on Linux', ip: '203.0.113.7', current: true },
  { ...base, id: 's-old', device: 'Chrome on Windows', ip: '192.0.2.1', current: false },
];

/** A fake server: the list shrinks as sessions are revoked. */
function fakeServer() {
  let live = [...all];
  return routedFetch([
    { url: '/api/auth/sessions', reply: () => ({ status: 200, data: { sessions: live } }) },
    {
      method: 'DELETE',
      url: /^\/api\/auth\/sessions\/[^/]+$/,
      reply: (c) => {
        const id = decodeURIComponent(c.url!.split('/').pop()!);
        live = live.filter((s) => s.id !== id);
        return { status: 204 };
      },
    },
  ]);
}

function renderPage() {
  const http = fakeServer();
  vi.stubGlobal('fetch', http.fetch);
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'ann', email: 'a@x', role: 'Staff' } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter>
        <SessionsPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('SessionsPage', () => {
  afterEach(() => {
    useUi.setState({ toasts: [] });
    act(() => useSession.getState().signOut());
  });

  it('lists the sessions, the current one first and marked, without a Sign out button', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Signed-in sessions' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0].textContent)).toEqual([
      'Firefox on LinuxThis device',
      'Safari on iPhone',
      'Chrome on Windows',
    ]);
    expect(within(rows[0]).queryByRole('button')).toBeNull();
    expect(within(rows[1]).getByText('198.51.100.23')).toBeInTheDocument();
    expect(within(rows[1]).getByRole('button', { name: /^Sign out Safari on iPhone/ })).toBeInTheDocument();
  });

  it('revokes one session after confirming, then refetches', async () => {
    const http = renderPage();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Sign out Safari on iPhone/ }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out Safari on iPhone?' });
    expect(http.to('DELETE', /sessions/)).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.queryByText('Safari on iPhone')).toBeNull());
    expect(http.to('DELETE', /sessions/).map((c) => c.url)).toEqual(['/api/auth/sessions/s-phone']);
    expect(http.to('GET', '/api/auth/sessions').length).toBeGreaterThanOrEqual(2);
    expect(useUi.getState().toasts.map((t) => t.message)).toContain('Signed out Safari on iPhone');
  });

  it('"Sign out everywhere else" ends every other session one by one', async () => {
    const http = renderPage();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Sign out everywhere else' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out everywhere else?' });
    expect(dialog).toHaveTextContent('2 other sessions will be ended');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out all others' }));
    expect(await screen.findByText('You are signed in on this device only.')).toBeInTheDocument();
    expect(http.to('DELETE', /sessions/).map((c) => c.url)).toEqual(['/api/auth/sessions/s-phone', '/api/auth/sessions/s-old']);
    expect(screen.queryByRole('button', { name: 'Sign out everywhere else' })).toBeNull();
    expect(useUi.getState().toasts.map((t) => t.message)).toContain('Signed out 2 other sessions');
  });
});
