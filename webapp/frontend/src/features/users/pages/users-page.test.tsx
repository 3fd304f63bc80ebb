import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch } from '@/test/fake-http';
import { useUi } from '@/stores/ui';
import UsersPage from './users-page';
const users = [
  { id: '1', username: 'ann', email: 'a@x', role: 'Admin', isActive: true },
  { id: '2', username: 'bob', email: 'b@x', role: 'Staff', isActive: true },
];

describe('UsersPage', () => {
  afterEach(() => {
    useUi.setState({ toasts: [] });
    act(() => useSession.getState().signOut());
  });

  it('ends all sessions of a user only after confirming', async () => {
    const http = routedFetch([
      { url: '/api/users', reply: [{ status: 200, data: { users } }] },
      { method: 'DELETE', url: '/api/users/2/sessions', reply: [{ status: 204 }] },
    ]);
    vi.stubGlobal('fetch', http.fetch);
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
    const http = routedFetch([
      { url: '/api/users', reply: [{ status: 200, data: { users } }] },
      { method: 'PUT', url: /^\/api\/users\//, reply: [{ status: 200, data: { user: users[1] } }] },
    ]);
    const { calls } = http;
    vi.stubGlobal('fetch', http.fetch);
    useSession
      .getState()
      .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: '1', username: 'ann', email: 'a@x', role: 'Admin' } });
    const user = userEvent.setup();
    const puts = () => http.to('PUT', /^\/api\/users\//).map((c) => JSON.parse(String(c.data)) as unknown);
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <MemoryRouter>
          <UsersPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    await user.selectOptions(await screen.findByLabelText('Role for bob'), 'Manager');
    expect(puts()).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Save role Manager for bob' }));
    await waitFor(() => expect(puts()).toEqual([{ role: 'Manager' }]));

    await user.click(screen.getByRole('button', { name: 'Deactivate bob' }));
    const dialog = screen.getByRole('dialog', { name: 'Deactivate bob?' });
    expect(puts()).toHaveLength(1);
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(puts()).toEqual([{ role: 'Manager' }, { isActive: false }]));
    expect(calls.length).toBeGreaterThan(0);
  });

  function renderAsAnn() {
    useSession
      .getState()
      .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: '1', username: 'ann', email: 'a@x', role: 'Admin' } });
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <MemoryRouter>
          <UsersPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
  }

  it('erases a person only with a reason and their username typed again', async () => {
    const http = routedFetch([
      { url: '/api/users', reply: [{ status: 200, data: { users } }] },
      { method: 'POST', url: '/api/users/2/erase', reply: [{ status: 200, data: { user: { ...users[1], username: '[erased]' } } }] },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    const user = userEvent.setup();
    renderAsAnn();
    await user.click(await screen.findByRole('button', { name: 'Personal data of bob' }));
    const dialog = screen.getByRole('dialog', { name: 'Personal data of bob' });
    const form = within(dialog).getByRole('form', { name: 'Erase personal data' });

    await user.click(within(form).getByRole('button', { name: 'Erase personal data' }));
    expect(within(form).getByText('Give a reason: it is recorded with the action')).toBeInTheDocument();
    expect(within(form).getByText('Type bob exactly')).toBeInTheDocument();
    await user.type(within(form).getByLabelText(/Reason for the erasure/), 'Asked to be forgotten');
    await user.type(within(form).getByLabelText(/Type bob to confirm/), 'bo');
    await user.click(within(form).getByRole('button', { name: 'Erase personal data' }));
    expect(http.to('POST', /erase/)).toHaveLength(0);

    await user.type(within(form).getByLabelText(/Type bob to confirm/), 'b');
    await user.click(within(form).getByRole('button', { name: 'Erase personal data' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(http.to('POST', /erase/).map((c) => JSON.parse(String(c.data)))).toEqual([{ reason: 'Asked to be forgotten' }]);
    expect(useUi.getState().toasts.map((t) => t.message)).toContain("Erased bob's personal data");
  });

  it('offers no erasure under a retention hold, lifts the hold, and shows why the server refused', async () => {
    const held = [users[0], { ...users[1], retentionHold: true, erased: false }];
    const http = routedFetch([
      { url: '/api/users', reply: [{ status: 200, data: { users: held } }] },
      {
        method: 'DELETE',
        url: '/api/users/2/retention-hold',
        reply: [
          {
            status: 409,
            data: {
              type: 'https://stockade.example/problems/conflict',
              title: 'Conflict',
              status: 409,
              detail: 'No hold stands on these records',
            },
          },
        ],
      },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    const user = userEvent.setup();
    renderAsAnn();
    expect(await screen.findByText('Retention hold')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Personal data of bob' }));
    const dialog = screen.getByRole('dialog', { name: 'Personal data of bob' });
    expect(within(dialog).queryByRole('form', { name: 'Erase personal data' })).toBeNull();
    expect(within(dialog).getByText('Erasure is refused while the retention hold stands.')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Lift the hold' }));
    expect(await within(dialog).findByText('No hold stands on these records')).toBeInTheDocument();
    expect(http.to('DELETE', /retention-hold/)).toHaveLength(1);
  });

  it('places a retention hold with its reason', async () => {
    const http = routedFetch([
      { url: '/api/users', reply: [{ status: 200, data: { users } }] },
      { method: 'PUT', url: '/api/users/2/retention-hold', reply: [{ status: 204 }] },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    const user = userEvent.setup();
    renderAsAnn();
    await user.click(await screen.findByRole('button', { name: 'Personal data of bob' }));
    const form = within(screen.getByRole('dialog', { name: 'Personal data of bob' })).getByRole('form', { name: 'Place a retention hold' });
    await user.type(within(form).getByLabelText(/Why the records must be kept/), 'Tax audit 2026');
    await user.click(within(form).getByRole('button', { name: 'Place a hold' }));
    await waitFor(() => expect(http.to('PUT', /retention-hold/)).toHaveLength(1));
    expect(JSON.parse(String(http.to('PUT', /retention-hold/)[0].data))).toEqual({ reason: 'Tax audit 2026' });
    expect(useUi.getState().toasts.map((t) => t.message)).toContain("bob's records are under a retention hold");
    // The list (a projection, here still without the hold) does not undo what the dialog just did.
    expect(
      await within(screen.getByRole('dialog', { name: 'Personal data of bob' })).findByText(
        'Erasure is refused while the retention hold stands.',
      ),
    ).toBeInTheDocument();
  });
});
