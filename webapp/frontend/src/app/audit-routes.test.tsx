import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import type { Role } from '@/api/types';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch } from '@/test/fake-http';
import { AppRoutes } from './router';

function Where() {
  const { pathname } = useLocation();
  return <output data-testid="where">{pathname}</output>;
}

/** The app's own route table, signed in with a role, at an Audit path. */
function renderAs(role: Role, entry: string) {
  const http = routedFetch([
    { url: '/api/audit/events', reply: [{ status: 200, data: { events: [], next: null } }] },
    { url: '/api/audit/checkpoints', reply: [{ status: 200, data: { checkpoints: [], next: null } }] },
  ]);
  vi.stubGlobal('fetch', http.fetch);
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'u', email: 'e', role } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={[entry]}>
        <AppRoutes />
        <Where />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('the Audit section', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  for (const role of ['Manager', 'Staff'] as const) {
    it(`refuses ${role} at every Audit path without asking the API`, async () => {
      for (const path of ['/audit', '/audit/verify', '/audit/items/5b7e0a52-0000-4000-8000-000000000001']) {
        const http = renderAs(role, path);
        await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/unauthorized'), { timeout: 5000 });
        await screen.findByText("You don't have access to this page");
        expect(http.calls.filter((c) => c.url?.startsWith('/api/audit'))).toEqual([]);
        act(() => useSession.getState().signOut());
        document.body.innerHTML = '';
      }
    });
  }

  for (const role of ['Auditor', 'Admin'] as const) {
    it(`opens to ${role}`, async () => {
      renderAs(role, '/audit/checkpoints');
      expect(await screen.findByText('No checkpoint signed yet', {}, { timeout: 5000 })).toBeInTheDocument();
      expect(screen.getByTestId('where')).toHaveTextContent('/audit/checkpoints');
      expect(screen.getByRole('navigation', { name: 'Audit sections' })).toBeInTheDocument();
    });
  }
});
