import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch, type Reply } from '@/test/fake-http';
import OutboxPage from './outbox-page';
import type { OutboxMessage } from '@/api/types';

const base = { kind: 'password-reset', subject: 'Reset your Stockade password', createdAt: '2026-03-02T08:00:00Z' };
const messages: OutboxMessage[] = [
  {
    ...base,
    id: 'm1',
    to: 'ann@example.com',
    text: 'Hello ann,\nOpen this link within one hour:\n[hidden]\n',
    status: 'sent',
    attempts: 1,
    lastError: null,
    sentAt: '2026-03-02T08:01:00Z',
    nextAttemptAt: null,
  },
  {
    ...base,
    id: 'm2',
    to: 'bob@example.com',
    text: 'Hello bob,\n[hidden]\n',
    status: 'pending',
    attempts: 2,
    lastError: '421 Try again later',
    sentAt: null,
    nextAttemptAt: '2026-03-02T08:09:00Z',
  },
  {
    ...base,
    id: 'm3',
    to: 'cleo@example.com',
    text: 'Hello cleo,\n[hidden]\n',
    status: 'dead',
    attempts: 8,
    lastError: '550 No such user',
    sentAt: null,
    nextAttemptAt: null,
  },
];

function Probe() {
  const { search } = useLocation();
  return <output data-testid="search">{search}</output>;
}

function renderPage(reply: (params: Record<string, string>) => Reply, entry = '/admin/outbox') {
  const http = routedFetch([{ url: '/api/admin/outbox', reply: (c) => reply((c.params ?? {}) as Record<string, string>) }]);
  vi.stubGlobal('fetch', http.fetch);
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'root', email: 'r@x', role: 'Admin' } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={[entry]}>
        <OutboxPage />
        <Probe />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('OutboxPage', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('lists the messages with status badges in words and the masked text behind a disclosure', async () => {
    renderPage(() => ({ status: 200, data: { messages, total: 3, page: 1, limit: 20 } }));
    const table = await screen.findByRole('table', { name: 'Outbox messages' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('Sent', { selector: 'span' })).toHaveClass('bg-green-100');
    expect(within(rows[1]).getByText('Pending', { selector: 'span' })).toHaveClass('bg-amber-100');
    expect(within(rows[2]).getByText('Dead', { selector: 'span' })).toHaveClass('bg-red-100');
    expect(within(rows[1]).getByText('Last error: 421 Try again later')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Password reset')).toBeInTheDocument();

    const text = within(rows[0]).getByText(/Open this link within one hour/);
    expect(text).not.toBeVisible();
    await userEvent.setup().click(within(rows[0]).getByText(/^Show text/));
    expect(text).toBeVisible();
    expect(text).toHaveTextContent('[hidden]');
    expect(screen.getByText(/Page 1 of 1/)).toBeInTheDocument();
  });

  it('filters by status and pages through the query string', async () => {
    const http = renderPage(() => ({ status: 200, data: { messages, total: 45, page: 1, limit: 20 } }));
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Outbox messages' });
    expect(http.to('GET', '/api/admin/outbox')[0].params).toEqual({ page: '1', limit: '20' });

    await user.selectOptions(screen.getByLabelText('Status'), 'dead');
    expect(screen.getByTestId('search')).toHaveTextContent('?status=dead');
    await waitFor(() => expect(http.to('GET', '/api/admin/outbox').at(-1)?.params).toEqual({ status: 'dead', page: '1', limit: '20' }));

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(http.to('GET', '/api/admin/outbox').at(-1)?.params).toEqual({ status: 'dead', page: '2', limit: '20' }));

    // Back to all messages, first page (answered from the cache).
    await user.selectOptions(screen.getByLabelText('Status'), '');
    expect(screen.getByTestId('search')).toBeEmptyDOMElement();
  });

  it('shows an empty state for a status without messages', async () => {
    renderPage(() => ({ status: 200, data: { messages: [], total: 0, page: 1, limit: 20 } }), '/admin/outbox?status=pending');
    expect(await screen.findByText('No messages')).toBeInTheDocument();
    expect(screen.getByText('No e-mails are waiting to be sent.')).toBeInTheDocument();
    expect(screen.getByLabelText('Status')).toHaveValue('pending');
  });

  it('shows an error state', async () => {
    renderPage(() => ({
      status: 400,
      data: { status: 400, detail: 'Invalid request', errors: [{ field: 'page', message: 'page must be a number' }] },
    }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid request');
  });

  it('sends a dead-lettered message again and refreshes the list', async () => {
    let dead = true;
    const http = routedFetch([
      {
        url: '/api/admin/outbox',
        reply: () => ({
          status: 200,
          data: {
            messages: messages.map((m) => (m.id === 'm3' && !dead ? { ...m, status: 'pending', attempts: 0 } : m)),
            total: 3,
            page: 1,
            limit: 20,
          },
        }),
      },
      {
        method: 'POST',
        url: '/api/admin/outbox/m3/retry',
        reply: () => {
          dead = false;
          return { status: 200, data: { message: { ...messages[2], status: 'pending', attempts: 0 } } };
        },
      },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    useSession
      .getState()
      .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'root', email: 'r@x', role: 'Admin' } });
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <MemoryRouter initialEntries={['/admin/outbox']}>
          <OutboxPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const table = await screen.findByRole('table', { name: 'Outbox messages' });
    expect(within(table).getAllByRole('button', { name: /^Send again/ })).toHaveLength(1);
    await userEvent.click(within(table).getByRole('button', { name: /^Send again .*cleo@example\.com/ }));
    await waitFor(() => expect(http.to('POST', '/api/admin/outbox/m3/retry')).toHaveLength(1));
    await waitFor(() =>
      expect(within(screen.getByRole('table', { name: 'Outbox messages' })).queryAllByRole('button', { name: /^Send again/ })).toHaveLength(
        0,
      ),
    );
  });
});
