import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { routedFetch } from '@/test/fake-http';
import DeadLettersPage from './dead-letters-page';
import type { DeadLetter } from '@/api/types';
const letter: DeadLetter = {
  id: 'd1',
  processingGroup: 'identity-users',
  sequence: 's1',
  firstInSequence: true,
  eventId: 'e1',
  eventType: 'UserRegisteredEvent',
  occurredAt: '2026-03-02T08:00:00Z',
  enqueuedAt: '2026-03-02T08:00:01Z',
  lastTouched: '2026-03-02T08:00:01Z',
  cause: { type: 'org.springframework.dao.DataIntegrityViolationException', message: 'value too long for type character varying(50)' },
};
const waiting: DeadLetter = { ...letter, id: 'd2', eventId: 'e2', firstInSequence: false, eventType: 'UserRoleChangedEvent' };

function renderPage(retryReply: { processed: boolean }) {
  const http = routedFetch([
    { url: '/api/admin/dead-letters', reply: () => ({ status: 200, data: { deadLetters: [letter, waiting], total: 2 } }) },
    { method: 'POST', url: '/api/admin/dead-letters/d1/retry', reply: () => ({ status: 200, data: { ...retryReply, message: 'x' } }) },
  ]);
  vi.stubGlobal('fetch', http.fetch);
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'root', email: 'r@x', role: 'Admin' } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={['/admin/dead-letters']}>
        <DeadLettersPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('DeadLettersPage', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('lists parked events with their cause and retries only the first of a sequence', async () => {
    const http = renderPage({ processed: false });
    const table = await screen.findByRole('table', { name: 'Parked events' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText(/value too long/)).toBeInTheDocument();
    expect(within(rows[1]).queryByRole('button')).toBeNull();
    expect(within(rows[1]).getByText('waits for an earlier event')).toBeInTheDocument();

    await userEvent.click(within(rows[0]).getByRole('button', { name: /^Handle again UserRegisteredEvent/ }));
    await waitFor(() => expect(http.to('POST', '/api/admin/dead-letters/d1/retry')).toHaveLength(1));
    await waitFor(() =>
      expect(useUi.getState().toasts.some((t) => /Failed again: UserRegisteredEvent stays parked/.test(t.message))).toBe(true),
    );
  });

  it('says so when nothing is parked', async () => {
    const http = routedFetch([{ url: '/api/admin/dead-letters', reply: () => ({ status: 200, data: { deadLetters: [], total: 0 } }) }]);
    vi.stubGlobal('fetch', http.fetch);
    useSession
      .getState()
      .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'root', email: 'r@x', role: 'Admin' } });
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <MemoryRouter>
          <DeadLettersPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    expect(await screen.findByText('No dead letters')).toBeInTheDocument();
  });
});
