import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { routedFetch, type Reply } from '@/test/fake-http';
import SecurityPolicyPage from './security-policy-page';
import type { SecurityPolicy } from '@/api/types';
const limit = (requests: number, periodSeconds: number, burst: number) => ({ requests, periodSeconds, burst });
const policy: SecurityPolicy = {
  mfaRequiredRoles: ['Admin'],
  passwordProfile: 'asvs-5',
  passwordMinLength: 15,
  lockout: { threshold: 5, durationMinutes: 15 },
  rateLimits: {
    anonymousPerAddress: limit(60, 60, 20),
    signInPerAddressAndUsername: limit(5, 60, 5),
    signInPerAddress: limit(20, 60, 10),
    perUser: limit(300, 60, 100),
  },
  session: { accessTokenMinutes: 15, refreshDays: 14, idleHours: 12 },
};

function renderPage(put: (body: { mfaRequiredRoles: string[] }) => Reply) {
  let current = policy;
  const http = routedFetch([
    { url: '/api/admin/security-policy', reply: () => ({ status: 200, data: current }) },
    {
      method: 'PUT',
      url: '/api/admin/security-policy',
      reply: (c) => {
        const r = put(JSON.parse(c.data as string));
        if (r !== 'network-error' && r.status === 200) current = r.data as SecurityPolicy;
        return r;
      },
    },
  ]);
  vi.stubGlobal('fetch', http.fetch);
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'root', email: 'r@x', role: 'Admin' } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter>
        <SecurityPolicyPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('SecurityPolicyPage', () => {
  afterEach(() => {
    useUi.setState({ toasts: [] });
    act(() => useSession.getState().signOut());
  });

  it('shows the roles that require two-step sign-in and the read-only deployment settings', async () => {
    renderPage(() => ({ status: 500 }));
    const group = await screen.findByRole('group', { name: 'Require two-step sign-in for' });
    expect(within(group).getByRole('checkbox', { name: 'Admin' })).toBeChecked();
    for (const r of ['Manager', 'Staff', 'Auditor']) expect(within(group).getByRole('checkbox', { name: r })).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(screen.getByText('Minimum password length').nextElementSibling).toHaveTextContent('15 characters');
    expect(screen.getByText('Account lockout').nextElementSibling).toHaveTextContent('After 5 failed sign-ins, for 15 minutes');
    expect(screen.getByText('Sign-in attempts per address and username').nextElementSibling).toHaveTextContent(
      '5 requests per minute, bursts of up to 5',
    );
    expect(screen.getByText('Session lifetime').nextElementSibling).toHaveTextContent('14 days');
    expect(screen.queryAllByRole('textbox')).toHaveLength(0);
  });

  it('saves the chosen roles', async () => {
    const http = renderPage((body) => ({ status: 200, data: { ...policy, mfaRequiredRoles: body.mfaRequiredRoles } }));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Manager' }));
    await user.click(screen.getByRole('checkbox', { name: 'Auditor' }));
    await user.click(screen.getByRole('checkbox', { name: 'Admin' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('checkbox', { name: 'Manager' })).toBeChecked();
    const [put] = http.to('PUT', '/api/admin/security-policy');
    expect(JSON.parse(put.data as string)).toEqual({ mfaRequiredRoles: ['Manager', 'Auditor'] });
    expect(useUi.getState().toasts.map((t) => t.message)).toContain('Security policy saved');
    expect(screen.getByRole('checkbox', { name: 'Admin' })).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('shows a refused save', async () => {
    renderPage(() => ({ status: 400, data: { status: 400, errors: [{ field: 'mfaRequiredRoles', message: 'Unknown role' }] } }));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Staff' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Unknown role');
    expect(screen.getByRole('checkbox', { name: 'Staff' })).toBeChecked();
  });
});
