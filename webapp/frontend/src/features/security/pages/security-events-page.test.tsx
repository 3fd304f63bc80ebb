import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch, type Reply } from '@/test/fake-http';
import SecurityEventsPage from './security-events-page';
import type { SecurityEvent } from '@/api/types';

const events: SecurityEvent[] = [
  {
    id: 'e1',
    occurredAt: '2026-03-02T08:00:00Z',
    type: 'LOGIN_FAILED',
    userId: 'u2',
    username: 'bob',
    sessionId: null,
    detail: 'wrong password',
    clientIp: '198.51.100.23',
  },
  {
    id: 'e2',
    occurredAt: '2026-03-02T08:05:00Z',
    type: 'LOGIN_SUCCEEDED',
    userId: 'u1',
    username: 'ann',
    sessionId: '5f0c2a9e-1b7d-4c61-9e3a-0d5b2f7c8a11',
    detail: 'pwd',
    clientIp: '203.0.113.7',
  },
  {
    id: 'e3',
    occurredAt: '2026-03-02T08:06:00Z',
    type: 'ROLE_CHANGED',
    userId: 'u3',
    username: 'cleo',
    sessionId: null,
    detail: 'Staff → Manager',
    clientIp: null,
  },
];

function Probe() {
  const { search } = useLocation();
  return <output data-testid="search">{search}</output>;
}

function renderPage(reply: (params: Record<string, string>) => Reply, entry = '/security/events') {
  const http = routedFetch([
    { url: '/api/security/events', reply: (c) => reply((c.params ?? {}) as Record<string, string>) },
    { url: '/api/users/lookup', reply: [{ status: 200, data: { users: [{ id: 'u2', username: 'bob' }] } }] },
  ]);
  vi.stubGlobal('fetch', http.fetch);
  useSession.getState().signIn({
    token: 't',
    expiresAt: 'x',
    mustChangePassword: false,
    user: { id: 'u9', username: 'audrey', email: 'a@x', role: 'Auditor' },
  });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={[entry]}>
        <SecurityEventsPage />
        <Probe />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('SecurityEventsPage', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('renders the events with labels, severity badges, IP and short session ids', async () => {
    renderPage(() => ({ status: 200, data: { events, total: 3, page: 1, limit: 20 } }));
    const table = await screen.findByRole('table', { name: 'Security events' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('Sign-in failed')).toHaveClass('bg-red-100');
    expect(within(rows[1]).getByText('Signed in')).toHaveClass('bg-green-100');
    expect(within(rows[2]).getByText('Role changed')).toHaveClass('bg-slate-100');
    expect(within(rows[0]).getByText('198.51.100.23')).toBeInTheDocument();
    expect(within(rows[1]).getByText('5f0c2a9e')).toHaveAttribute('title', '5f0c2a9e-1b7d-4c61-9e3a-0d5b2f7c8a11');
    expect(screen.getByText(/Page 1 of 1/)).toBeInTheDocument();
  });

  it('filters by type, user and local days through the query string', async () => {
    const http = renderPage(() => ({ status: 200, data: { events, total: 45, page: 1, limit: 20 } }));
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Security events' });
    expect(http.to('GET', '/api/security/events')[0].params).toEqual({ page: '1', limit: '20' });

    await user.selectOptions(screen.getByLabelText('Event'), 'ACCOUNT_LOCKED');
    expect(screen.getByTestId('search')).toHaveTextContent('?type=ACCOUNT_LOCKED');
    await waitFor(() => expect(http.to('GET', '/api/security/events').at(-1)?.params).toMatchObject({ type: 'ACCOUNT_LOCKED' }));

    await user.type(screen.getByLabelText('From'), '2026-03-01');
    await user.type(screen.getByLabelText('To'), '2026-03-31');
    await waitFor(() =>
      expect(http.to('GET', '/api/security/events').at(-1)?.params).toEqual({
        type: 'ACCOUNT_LOCKED',
        from: new Date(2026, 2, 1).toISOString(),
        to: new Date(2026, 3, 1).toISOString(),
        page: '1',
        limit: '20',
      }),
    );

    await user.click(screen.getByRole('combobox', { name: 'User' }));
    await user.click(await screen.findByRole('option', { name: 'bob' }));
    await waitFor(() => expect(http.to('GET', '/api/security/events').at(-1)?.params).toMatchObject({ userId: 'u2' }));
    expect(screen.getByTestId('search').textContent).toContain('userId=u2');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(http.to('GET', '/api/security/events').at(-1)?.params).toMatchObject({ page: '2', userId: 'u2' }));
    expect(screen.getByTestId('search').textContent).toContain('page=2');
  });

  it('shows an empty state', async () => {
    renderPage(() => ({ status: 200, data: { events: [], total: 0, page: 1, limit: 20 } }), '/security/events?type=MFA_ENROLLED');
    expect(await screen.findByText('No security events found')).toBeInTheDocument();
    expect(screen.getByLabelText('Event')).toHaveValue('MFA_ENROLLED');
  });

  it('shows the problem of a refused filter at its field and in an error state', async () => {
    renderPage(() => ({
      status: 400,
      data: {
        status: 400,
        title: 'Invalid request',
        detail: 'Invalid filters',
        errors: [{ field: 'from', message: 'from must be an ISO-8601 instant' }],
      },
    }));
    expect(await screen.findByText('Invalid filters')).toBeInTheDocument();
    expect(screen.getByText('from must be an ISO-8601 instant')).toBeInTheDocument();
  });
});
