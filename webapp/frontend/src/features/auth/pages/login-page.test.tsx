import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { routedFetch, type FakeEndpoint, type Reply } from '@/test/fake-http';
import { LoginPage } from './login-page';

function renderLogin(reply: Reply, entry = '/login?next=%2Flow-stock', more: FakeEndpoint[] = []) {
  const http = routedFetch([{ method: 'POST', url: '/api/auth/login', reply: [reply] }, ...more]);
  vi.stubGlobal('fetch', http.fetch);
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={[entry]}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/low-stock" element={<p>low stock page</p>} />
          <Route path="/forgot-password" element={<p>forgot password page</p>} />
          <Route path="/settings/mfa" element={<p>mfa enrolment page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

async function submit() {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText(/^Username/), 'ann');
  await user.type(screen.getByLabelText(/^Password/), 'secret');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  afterEach(() => {
    useUi.setState({ toasts: [] });
    act(() => useSession.getState().signOut());
  });

  it('on 429 tells how long to wait (Retry-After), without retrying or a toast', async () => {
    const http = renderLogin({ status: 429, headers: { 'Retry-After': '42' }, data: { status: 429, title: 'Too many requests' } });
    await submit();
    expect(await screen.findByTestId('login-error')).toHaveTextContent('Too many sign-in attempts. Try again in 42 s.');
    expect(http.calls).toHaveLength(1);
    expect(useUi.getState().toasts).toEqual([]);
  });

  it('on 401 shows the one invalid-credentials message', async () => {
    renderLogin({ status: 401, data: { status: 401, detail: 'Invalid username or password' } });
    await submit();
    expect(await screen.findByTestId('login-error')).toHaveTextContent('Invalid username or password.');
  });

  it('goes on to the next page when a reload already resumed the session', () => {
    useSession
      .getState()
      .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: '1', username: 'ann', email: 'e', role: 'Staff' } });
    renderLogin({ status: 500 });
    expect(screen.getByText('low stock page')).toBeInTheDocument();
  });

  it('checks both fields before sending: says what is missing, focuses the first, clears as the user types', async () => {
    const http = renderLogin({ status: 200, data: {} });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Username/), '   ');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your username')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Username/)).toHaveFocus();
    expect(screen.getByLabelText(/^Username/)).toHaveAttribute('aria-invalid', 'true');
    await user.type(screen.getByLabelText(/^Password/), 'p');
    expect(screen.queryByText('Enter your password')).not.toBeInTheDocument();
    expect(screen.getByText('Enter your username')).toBeInTheDocument();
    expect(http.calls).toHaveLength(0);
  });

  it('sends the username trimmed and the password as typed', async () => {
    const http = renderLogin({ status: 401, data: { status: 401 } });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Username/), '  ann ');
    await user.type(screen.getByLabelText(/^Password/), ' secret ');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByTestId('login-error');
    expect(http.calls).toHaveLength(1);
    expect(JSON.parse(String(http.calls[0].data))).toEqual({ username: 'ann', password: ' secret ' });
  });

  it('links to the forgotten-password page', async () => {
    renderLogin({ status: 500 });
    await userEvent.setup().click(screen.getByRole('link', { name: 'Forgot your password?' }));
    expect(screen.getByText('forgot password page')).toBeInTheDocument();
  });

  it('goes to the enrolment page when the organisation requires a second factor not set up yet', async () => {
    renderLogin({ status: 200, data: { ...signedIn, mfaEnrolmentRequired: true } });
    await submit();
    expect(await screen.findByText('mfa enrolment page')).toBeInTheDocument();
    expect(useSession.getState().mfaEnrolmentRequired).toBe(true);
  });
});

const annUser = { id: 'u1', username: 'ann', email: 'a@x', role: 'Staff' as const };
const signedIn = {
  token: 'tok-2fa',
  expiresAt: '2030-01-01T00:15:00Z',
  mustChangePassword: false,
  mfaEnrolmentRequired: false,
  user: annUser,
};
const challenge = { mfaRequired: true, challenge: 'ch-opaque-1', expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() };

describe('LoginPage: two-step sign-in', () => {
  afterEach(() => {
    useUi.setState({ toasts: [] });
    act(() => useSession.getState().signOut());
  });

  it('asks for the 6-digit code, verifies it without a bearer token and goes on to next', async () => {
    const http = renderLogin({ status: 200, data: challenge }, undefined, [
      { method: 'POST', url: '/api/auth/mfa/verify', reply: [{ status: 200, data: signedIn }] },
    ]);
    await submit();
    const code = await screen.findByLabelText(/^Authentication code/);
    expect(code).toHaveAttribute('inputmode', 'numeric');
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveFocus();
    expect(useSession.getState().token).toBeNull();
    const user = userEvent.setup();
    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('low stock page')).toBeInTheDocument();
    const verify = http.to('POST', '/api/auth/mfa/verify');
    expect(verify).toHaveLength(1);
    expect(JSON.parse(verify[0].data as string)).toEqual({ challenge: 'ch-opaque-1', code: '123456' });
    expect(verify[0].headers.has('Authorization')).toBe(false);
    expect(useSession.getState().token).toBe('tok-2fa');
  });

  it('checks the code format before sending', async () => {
    const http = renderLogin({ status: 200, data: challenge }, undefined, [
      { method: 'POST', url: '/api/auth/mfa/verify', reply: [{ status: 200, data: signedIn }] },
    ]);
    await submit();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Authentication code/), '12ab');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Enter the 6-digit code from your authenticator app')).toBeInTheDocument();
    expect(http.to('POST', '/api/auth/mfa/verify')).toHaveLength(0);
  });

  it('accepts a recovery code instead', async () => {
    const http = renderLogin({ status: 200, data: challenge }, undefined, [
      { method: 'POST', url: '/api/auth/mfa/verify', reply: [{ status: 200, data: signedIn }] },
    ]);
    await submit();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    const field = screen.getByLabelText(/^Recovery code/);
    expect(field).toHaveFocus();
    expect(screen.queryByLabelText(/^Authentication code/)).toBeNull();
    await user.type(field, ' abcde-fghij-klmno ');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('low stock page')).toBeInTheDocument();
    expect(JSON.parse(http.to('POST', '/api/auth/mfa/verify')[0].data as string)).toEqual({
      challenge: 'ch-opaque-1',
      recoveryCode: 'abcde-fghij-klmno',
    });
  });

  it('on 401 shows the message; after 5 wrong codes only "Start again" is left, back to the password', async () => {
    const wrong = {
      status: 401,
      data: {
        status: 401,
        type: 'https://stockade.io/problems/invalid-credentials',
        detail: 'Invalid or expired code; sign in again if this keeps happening',
      },
    };
    const http = renderLogin({ status: 200, data: challenge }, undefined, [
      { method: 'POST', url: '/api/auth/mfa/verify', reply: [wrong] },
    ]);
    await submit();
    const user = userEvent.setup();
    for (let i = 1; i <= 4; i++) {
      const code = await screen.findByLabelText(/^Authentication code/);
      await user.clear(code);
      await user.type(code, '000000');
      await user.click(screen.getByRole('button', { name: 'Verify' }));
      await waitFor(() => expect(http.to('POST', '/api/auth/mfa/verify')).toHaveLength(i));
      expect(await screen.findByTestId('mfa-error')).toHaveTextContent('Invalid or expired code; sign in again if this keeps happening');
      expect(screen.queryByRole('button', { name: 'Start again' })).toBeNull();
    }
    await user.clear(screen.getByLabelText(/^Authentication code/));
    await user.type(screen.getByLabelText(/^Authentication code/), '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    const again = await screen.findByRole('button', { name: 'Start again' });
    expect(screen.getByRole('alert')).toHaveTextContent('start again with your password');
    expect(screen.queryByLabelText(/^Authentication code/)).toBeNull();
    await user.click(again);
    expect(screen.getByLabelText(/^Username/)).toHaveValue('ann');
    expect(screen.getByLabelText(/^Password/)).toHaveValue('');
    expect(useSession.getState().token).toBeNull();
  });

  it('an expired challenge is dead at the first 401', async () => {
    const old = { ...challenge, expiresAt: new Date(Date.now() - 1000).toISOString() };
    renderLogin({ status: 200, data: old }, undefined, [
      {
        method: 'POST',
        url: '/api/auth/mfa/verify',
        reply: [{ status: 401, data: { status: 401, detail: 'Invalid or expired code; sign in again if this keeps happening' } }],
      },
    ]);
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      await submit();
      await screen.findByLabelText(/^Authentication code/);
      vi.setSystemTime(Date.now() + 6 * 60_000);
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      await user.type(screen.getByLabelText(/^Authentication code/), '111111');
      await user.click(screen.getByRole('button', { name: 'Verify' }));
      expect(await screen.findByRole('button', { name: 'Start again' })).toBeInTheDocument();
      expect(screen.getByTestId('mfa-error')).toHaveTextContent('Invalid or expired code');
    } finally {
      vi.useRealTimers();
    }
  });
});
