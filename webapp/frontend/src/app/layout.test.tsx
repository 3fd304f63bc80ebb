import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { Layout } from './layout';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';

function renderLayout() {
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: '1', username: 'ann', email: 'e', role: 'Staff' } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<p>home</p>} />
            <Route path="scanner" element={<p>scanner page</p>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('phone navigation drawer', () => {
  afterEach(() => {
    act(() => {
      useUi.getState().setSidebarOpen(false);
      useSession.getState().signOut();
    });
  });

  it('is modal: focus goes in, Escape closes it and returns to Menu', async () => {
    const user = userEvent.setup();
    renderLayout();
    const menu = screen.getByRole('button', { name: 'Menu' });
    await user.click(menu);
    const drawer = screen.getByRole('dialog', { name: 'Main menu' });
    expect(drawer).toContainElement(document.activeElement as HTMLElement);
    expect(document.activeElement).toHaveTextContent('Dashboard');
    // The page behind is inert.
    expect(menu.closest('[data-app-shell]')).toHaveAttribute('inert');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Main menu' })).toBeNull();
    expect(menu).toHaveFocus();
    expect(menu.closest('[data-app-shell]')).not.toHaveAttribute('inert');
  });

  it('closes when a link is followed', async () => {
    const user = userEvent.setup();
    renderLayout();
    await user.click(screen.getByRole('button', { name: 'Menu' }));
    const drawer = screen.getByRole('dialog', { name: 'Main menu' });
    await user.click(drawer.querySelector('a[href="/scanner"]')!);
    expect(screen.getByText('scanner page')).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: 'Main menu' })).toBeNull();
  });
});
