import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch } from '@/test/fake-http';
import NotificationPreferencesPage from './notification-preferences-page';
const tree = [
  { id: 'c1', name: 'Tools', children: [{ id: 'c2', name: 'Hammers', parentId: 'c1', children: [] }] },
  { id: 'c3', name: 'Paint', children: [] },
];

function renderPage(role: 'Staff' | 'Manager', saved: unknown[] = []) {
  const http = routedFetch([
    {
      url: '/api/notifications/preferences',
      reply: [{ status: 200, data: { email: role === 'Manager', inApp: role === 'Manager', categoryIds: [], custom: false } }],
    },
    { url: '/api/categories', reply: [{ status: 200, data: { categories: tree } }] },
    {
      method: 'PUT',
      url: '/api/notifications/preferences',
      reply: (c) => {
        saved.push(JSON.parse(c.data as string));
        return { status: 200, data: { ...JSON.parse(c.data as string), custom: true } };
      },
    },
  ]);
  vi.stubGlobal('fetch', http.fetch);
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'sam', email: 's@x', role } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter>
        <NotificationPreferencesPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('NotificationPreferencesPage', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('lets Staff opt in to e-mail for some categories only', async () => {
    const saved: unknown[] = [];
    renderPage('Staff', saved);
    expect(await screen.findByText(/Alerts are off for your role/)).toBeInTheDocument();
    const user = userEvent.setup();
    expect(screen.getByRole('checkbox', { name: 'By e-mail, and in the daily digest' })).not.toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: 'By e-mail, and in the daily digest' }));
    await user.click(screen.getByRole('radio', { name: 'Only these categories' }));
    await user.click(screen.getByRole('button', { name: 'Save alert settings' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Pick at least one category');
    expect(saved).toHaveLength(0);
    await user.click(screen.getByRole('checkbox', { name: 'Hammers' }));
    await user.click(screen.getByRole('button', { name: 'Save alert settings' }));
    await waitFor(() => expect(saved).toEqual([{ email: true, inApp: false, categoryIds: ['c2'] }]));
    expect(await screen.findByText(/Your own choice is in force/)).toBeInTheDocument();
  });

  it('tells Managers they hear of every category by default', async () => {
    renderPage('Manager');
    expect(await screen.findByText(/Managers and Admins get alerts by default/)).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'In the app (the bell)' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Every category' })).toBeChecked();
  });
});
