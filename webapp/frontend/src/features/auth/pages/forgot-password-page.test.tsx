import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { useUi } from '@/stores/ui';
import { routedFetch, type Reply } from '@/test/fake-http';
import ForgotPasswordPage from './forgot-password-page';
const NEUTRAL = 'If an active account uses that address, a reset link is on its way. It is valid for one hour.';

function renderPage(reply: Reply) {
  const http = routedFetch([{ method: 'POST', url: '/api/auth/password-reset', reply: [reply] }]);
  vi.stubGlobal('fetch', http.fetch);
  render(
    <MemoryRouter initialEntries={['/forgot-password']}>
      <ForgotPasswordPage />
    </MemoryRouter>,
  );
  return http;
}

async function ask(email = 'ann@example.com') {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText(/^E-mail address/), email);
  await user.click(screen.getByRole('button', { name: 'Send reset link' }));
}

describe('ForgotPasswordPage', () => {
  afterEach(() => {
    useUi.setState({ toasts: [] });
  });

  it('on 202 shows the neutral message instead of the form', async () => {
    const http = renderPage({ status: 202, data: { message: NEUTRAL } });
    await ask();
    expect(await screen.findByTestId('reset-requested')).toHaveTextContent(NEUTRAL);
    expect(screen.queryByRole('button', { name: 'Send reset link' })).toBeNull();
    const [call] = http.to('POST', '/api/auth/password-reset');
    expect(JSON.parse(call.data as string)).toEqual({ email: 'ann@example.com' });
    expect(call.headers.has('Authorization')).toBe(false);
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toHaveAttribute('href', '/login');
  });

  it('shows the neutral message even when the answer has none', async () => {
    renderPage({ status: 202 });
    await ask();
    expect(await screen.findByTestId('reset-requested')).toHaveTextContent(
      /^If an active account uses that address, a reset link is on its way/,
    );
  });

  it('on 429 tells how many seconds to wait, without retrying', async () => {
    const http = renderPage({
      status: 429,
      headers: { 'Retry-After': '37' },
      data: { status: 429, detail: 'Too many reset requests; try again in 37 s' },
    });
    await ask();
    expect(await screen.findByTestId('reset-error')).toHaveTextContent('Too many reset requests. Try again in 37 s.');
    expect(http.calls).toHaveLength(1);
    expect(useUi.getState().toasts).toEqual([]);
  });

  it('checks the address before sending', async () => {
    const http = renderPage({ status: 202 });
    await ask('not-an-address');
    expect(await screen.findByText('Enter a valid e-mail address')).toBeInTheDocument();
    expect(http.calls).toHaveLength(0);
  });
});
