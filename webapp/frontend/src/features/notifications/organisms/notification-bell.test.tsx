import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch } from '@/test/fake-http';
import type { NotificationView } from '@/api/types';
import { NotificationBell } from './notification-bell';
import { relativeTime } from '@/features/notifications/api';

const alert: NotificationView = {
  id: 'n1',
  kind: 'LOW_STOCK',
  itemId: 'i1',
  itemName: 'Claw hammer',
  sku: 'HAM-1',
  currentStock: 2,
  minThreshold: 3,
  reminder: 0,
  escalated: false,
  createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  readAt: null,
};
const reminder: NotificationView = { ...alert, id: 'n2', kind: 'LOW_STOCK_REMINDER', currentStock: 0, reminder: 1, escalated: true };

function renderBell(items: NotificationView[]) {
  let unread = items.filter((n) => !n.readAt).length;
  const http = routedFetch([
    { url: '/api/notifications', reply: () => ({ status: 200, data: { items, unread, total: items.length, page: 1, pages: 1 } }) },
    {
      method: 'POST',
      url: /\/api\/notifications\/(read-all|[^/]+\/read)$/,
      reply: () => {
        unread = 0;
        return { status: 204 };
      },
    },
  ]);
  vi.stubGlobal('fetch', http.fetch);
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'ann', email: 'a@x', role: 'Manager' } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route path="/" element={<NotificationBell />} />
          <Route path="/inventory/:id" element={<p>item page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('NotificationBell', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('shows the unread count in its name and lists the latest alerts, reminders marked', async () => {
    renderBell([reminder, alert]);
    const bell = await screen.findByRole('button', { name: 'Notifications, 2 unread' });
    expect(screen.getByTestId('notification-count')).toHaveTextContent('2');
    await userEvent.setup().click(bell);
    const panel = screen.getByRole('region', { name: 'Latest notifications' });
    const rows = within(panel).getAllByTestId('notification');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('Out of stock, minimum 3')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Reminder 1')).toBeInTheDocument();
    expect(within(rows[1]).getByText('2 in stock, minimum 3')).toBeInTheDocument();
    expect(within(rows[1]).getByText('5 min ago')).toBeInTheDocument();
    expect(bell).toHaveAttribute('aria-expanded', 'true');
  });

  it('marks everything read and closes on Escape, focus back on the bell', async () => {
    const http = renderBell([alert]);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(http.calls.some((c) => c.method === 'post' && c.url === '/api/notifications/read-all')).toBe(true));
    await screen.findByRole('button', { name: 'Notifications' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Latest notifications' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Notifications' })).toHaveFocus();
  });

  it('opening an alert marks it read and goes to the item', async () => {
    const http = renderBell([alert]);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    await user.click(screen.getByRole('link', { name: 'Claw hammer' }));
    expect(await screen.findByText('item page')).toBeInTheDocument();
    await waitFor(() => expect(http.calls.some((c) => c.method === 'post' && c.url === '/api/notifications/n1/read')).toBe(true));
  });

  it('says when there is nothing', async () => {
    renderBell([]);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Notifications' }));
    expect(await screen.findByText('No alerts. Items that run low show up here.')).toBeInTheDocument();
  });

  it('words times relative to now', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(relativeTime('2026-12-04T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-12-04T11:00:00Z', now)).toBe('1 h ago');
  });
});
