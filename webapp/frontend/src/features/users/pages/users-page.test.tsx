import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { api } from '@/api/http';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedAdapter, scriptedAdapter } from '@/test/fake-http';
import { useUi } from '@/stores/ui';
import UsersPage from './users-page';

const original = api.defaults.adapter;
const users = [
  { id: '1', username: 'ann', email: 'a@x', role: 'Admin', isActive: true },
  { id: '2', username: 'bob', email: 'b@x', role: 'Staff', isActive: true },
];

describe('UsersPage', () => {
  afterEach(() => {
    api.defaults.adapter = original;
    useUi.setState({ toasts: [] });
    act(() => useSession.getState().signOut());
  });

  it('ends all sessions of a user only after confirming', async () => {
    const http = routedAdapter([
      { url: '/api/users', reply: [{ status: 200, data: { users } }] },
      { method: 'DELETE', url: '/api/users/2/sessions', reply: [{ status: 204 }] },
    ]);
    api.defaults.adapter = http.adapter;
    useSession
      .getState()
      .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: '1', username: 'ann', email: 'a@x', role: 'Admin' } });
    const user = userEvent.setup();
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <MemoryRouter>
          <UsersPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'End sessions of bob' }));
    // Not offered for the signed-in admin's own row.
    expect(screen.queryByRole('button', { name: 'End sessions of ann' })).toBeNull();
    const dialog = screen.getByRole('dialog', { name: 'End all sessions of bob?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(http.to('DELETE', /sessions/)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'End sessions of bob' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'End all sessions of bob?' })).getByRole('button', { name: 'End all sessions' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(http.to('DELETE', /sessions/).map((c) => c.url)).toEqual(['/api/users/2/sessions']);
    expect(useUi.getState().toasts.map((t) => t.message)).toContain('Ended all sessions of bob');
  });

  it('changes a role only after Save and deactivates only after confirming', async () => {
    const { adapter, calls } = scriptedAdapter([{ status: 200, data: { users } }]);
    api.defaults.adapter = ((c: Parameters<typeof adapter>[0]) =>
      c.method === 'put'
        ? Promise.resolve({ data: { user: users[1] }, status: 200, statusText: 'OK', headers: {}, config: c })
        : adapter(c)) as never;
    useSession
      .getState()
      .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: '1', username: 'ann', email: 'a@x', role: 'Admin' } });
    const user = userEvent.setup();
    const puts: unknown[] = [];
    const wrapped = api.defaults.adapter as (c: never) => Promise<unknown>;
    api.defaults.adapter = ((c: { method?: string; data?: unknown }) => {
      if (c.method === 'put') puts.push(JSON.parse(String(c.data)));
      return wrapped(c as never);
    }) as never;
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <MemoryRouter>
          <UsersPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    await user.selectOptions(await screen.findByLabelText('Role for bob'), 'Manager');
    expect(puts).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Save role Manager for bob' }));
    await waitFor(() => expect(puts).toEqual([{ role: 'Manager' }]));

    await user.click(screen.getByRole('button', { name: 'Deactivate bob' }));
    const dialog = screen.getByRole('dialog', { name: 'Deactivate bob?' });
    expect(puts).toHaveLength(1);
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(puts).toEqual([{ role: 'Manager' }, { isActive: false }]));
    expect(calls.length).toBeGreaterThan(0);
  });
});
