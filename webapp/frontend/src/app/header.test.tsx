import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { routedFetch } from '@/test/fake-http';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { Header } from './header';
import { useSession } from '@/stores/session';

function renderHeader() {
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: '1', username: 'ann', email: 'e', role: 'Admin' } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter>
        <Header />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('user menu', () => {
  afterEach(() => act(() => useSession.getState().signOut()));

  it('moves with the arrow keys, Home/End, and Escape returns to the button', async () => {
    const user = userEvent.setup();
    renderHeader();
    const button = screen.getByTestId('user-menu-button');
    await user.click(button);
    expect(screen.getByRole('menuitem', { name: 'Settings' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Sign out' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Settings' })).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByRole('menuitem', { name: 'Sign out' })).toHaveFocus();
    await user.keyboard('{Home}');
    expect(screen.getByRole('menuitem', { name: 'Settings' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(screen.getByRole('menuitem', { name: 'Sign out' })).toHaveFocus();
    await user.tab();
    expect(screen.queryByRole('menu')).toBeNull();
  });
});

describe('sign-out', () => {
  afterEach(() => {
    document.cookie = 'stockade_csrf=; max-age=0; path=/';
    act(() => useSession.getState().signOut());
  });

  it.each([
    ['the server answers', 204],
    ['the call fails', 500],
  ])('ends the server session with the CSRF header, then clears the session and goes to /login (%s)', async (_case, status) => {
    document.cookie = 'stockade_csrf=tok-csrf; path=/';
    const http = routedFetch([{ method: 'POST', url: '/api/auth/logout', reply: [{ status }] }]);
    vi.stubGlobal('fetch', http.fetch);
    useSession
      .getState()
      .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: '1', username: 'ann', email: 'e', role: 'Admin' } });
    const user = userEvent.setup();
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <MemoryRouter initialEntries={['/inventory']}>
          <Routes>
            <Route path="/login" element={<p>sign-in page</p>} />
            <Route path="*" element={<Header />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    await user.click(screen.getByTestId('user-menu-button'));
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }));
    expect(await screen.findByText('sign-in page')).toBeInTheDocument();
    const calls = http.to('POST', '/api/auth/logout');
    expect(calls).toHaveLength(1);
    expect(calls[0].headers.get('X-CSRF-Token')).toBe('tok-csrf');
    expect(calls[0].headers.has('Authorization')).toBe(false);
    expect(useSession.getState().token).toBeNull();
  });
});
