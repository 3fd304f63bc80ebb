import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useUi } from '@/stores/ui';
import { routedFetch, type Reply } from '@/test/fake-http';
import ResetPasswordPage from './reset-password-page';
const TOKEN = 'Qk3x-9fJm_2LpZr8VtYw6NbHc4DsAe1GiUo7KqXyTnM';

function renderPage(reply: Reply, href = `/reset-password#token=${TOKEN}`) {
  window.history.replaceState({ key: 'k1' }, '', href);
  const http = routedFetch([{ method: 'POST', url: '/api/auth/password-reset/confirm', reply: [reply] }]);
  vi.stubGlobal('fetch', http.fetch);
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={['/reset-password']}>
        <Routes>
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/login" element={<p>sign-in page</p>} />
          <Route path="/forgot-password" element={<p>forgot password page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

async function choose(password = 'Four-unrelated-words-2026!', confirm = password) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText(/^New password/), password);
  await user.type(screen.getByLabelText(/^Confirm new password/), confirm);
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ResetPasswordPage', () => {
  const before = window.history.length;
  beforeEach(() => useUi.setState({ toasts: [] }));
  afterEach(() => {
    window.history.replaceState(null, '', '/');
  });

  it('reads the token from the fragment and removes it from the address bar at once', () => {
    renderPage({ status: 204 });
    expect(window.location.hash).toBe('');
    expect(window.location.href).not.toContain(TOKEN);
    expect(window.location.pathname).toBe('/reset-password');
    // Replaced, not pushed: no history entry keeps it; the router's state stays.
    expect(window.history.length).toBe(before);
    expect(window.history.state).toEqual({ key: 'k1' });
    expect(screen.getByLabelText(/^New password/)).toHaveFocus();
    expect(screen.getByText(/Use 15 or more characters/)).toBeInTheDocument();
  });

  it('posts the token with the new password; 204 goes to sign-in with a success toast', async () => {
    const http = renderPage({ status: 204 });
    await choose();
    expect(await screen.findByText('sign-in page')).toBeInTheDocument();
    const [call] = http.to('POST', '/api/auth/password-reset/confirm');
    expect(JSON.parse(call.data as string)).toEqual({ token: TOKEN, newPassword: 'Four-unrelated-words-2026!' });
    expect(call.headers.has('Authorization')).toBe(false);
    expect(useUi.getState().toasts).toEqual([
      expect.objectContaining({ kind: 'success', message: 'Password changed — sign in with the new one' }),
    ]);
  });

  it('checks that both passwords match before sending', async () => {
    const http = renderPage({ status: 204 });
    await choose('Four-unrelated-words-2026!', 'Four-unrelated-words-2027!');
    expect(await screen.findByText('The passwords do not match')).toBeInTheDocument();
    expect(http.calls).toHaveLength(0);
  });

  it('a refused token: the message and a link to ask for a new one', async () => {
    renderPage({
      status: 400,
      data: {
        status: 400,
        title: 'Invalid request',
        errors: [{ field: 'token', message: 'The reset link is invalid, used or expired; ask for a new one' }],
      },
    });
    await choose();
    expect(await screen.findByTestId('reset-token-error')).toHaveTextContent(
      'The reset link is invalid, used or expired; ask for a new one',
    );
    expect(screen.queryByLabelText(/^New password/)).toBeNull();
    await userEvent.setup().click(screen.getByRole('link', { name: 'Ask for a new reset link' }));
    expect(screen.getByText('forgot password page')).toBeInTheDocument();
  });

  it('shows a refused password at its field', async () => {
    renderPage({
      status: 400,
      data: { status: 400, errors: [{ field: 'newPassword', message: 'Password is one of the most commonly used passwords' }] },
    });
    await choose();
    expect(await screen.findByText('Password is one of the most commonly used passwords')).toBeInTheDocument();
    expect(screen.getByLabelText(/^New password/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('without a token in the link, says so and offers a new link', () => {
    const http = renderPage({ status: 204 }, '/reset-password');
    expect(screen.getByTestId('reset-token-error')).toHaveTextContent('This reset link is incomplete');
    expect(screen.getByRole('link', { name: 'Ask for a new reset link' })).toHaveAttribute('href', '/forgot-password');
    expect(http.calls).toHaveLength(0);
  });
});
