import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { routedFetch, type FakeEndpoint, type Reply } from '@/test/fake-http';
import { saveBlob } from '@/lib/download';
import MfaPage from './mfa-page';

vi.mock('@/lib/download', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/lib/download')>()), saveBlob: vi.fn() }));
const ann = { id: 'u1', username: 'ann', email: 'a@x', role: 'Manager' as const };
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const QR = 'data:image/png;base64,iVBORw0KGgo=';
const CODES = Array.from({ length: 10 }, (_, i) => `code${i}-aaaaa-bbbbb`);

/** A fake server: enrolment turns `enrolled` on, a 204 DELETE turns it off. */
function fakeServer(
  opts: {
    enrolled?: boolean;
    required?: boolean;
    confirm?: Reply[];
    disable?: (body: Record<string, string>) => Reply;
    extra?: FakeEndpoint[];
  } = {},
) {
  let enrolled = opts.enrolled ?? false;
  return routedFetch([
    {
      url: '/api/auth/mfa',
      reply: () => ({ status: 200, data: { enrolled, required: opts.required ?? false, recoveryCodesLeft: enrolled ? 10 : 0 } }),
    },
    {
      method: 'POST',
      url: '/api/auth/mfa/enrolment',
      reply: [{ status: 200, data: { otpauthUri: `otpauth://totp/Stockade:ann?secret=${SECRET}`, secret: SECRET, qrCode: QR } }],
    },
    {
      method: 'POST',
      url: '/api/auth/mfa/enrolment/confirm',
      reply: opts.confirm
        ? opts.confirm
        : () => {
            enrolled = true;
            return { status: 200, data: { recoveryCodes: CODES } };
          },
    },
    {
      method: 'DELETE',
      url: '/api/auth/mfa',
      reply: (c) => {
        const r = opts.disable ? opts.disable(JSON.parse(c.data as string)) : { status: 204 };
        if (r !== 'network-error' && r.status === 204) enrolled = false;
        return r;
      },
    },
    ...(opts.extra ?? []),
  ]);
}

function renderPage(http: ReturnType<typeof fakeServer>, entry = '/settings/mfa') {
  vi.stubGlobal('fetch', http.fetch);
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={[entry]}>
        <Routes>
          <Route path="/settings/mfa" element={<MfaPage />} />
          <Route path="/" element={<p>dashboard page</p>} />
          <Route path="/login" element={<p>sign-in page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

async function enrolUpToCodes(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Set up two-step sign-in' }));
  const qr = await screen.findByRole('img', { name: 'QR code to scan with your authenticator app' });
  expect(qr).toHaveAttribute('src', QR);
  expect(screen.getByTestId('mfa-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  await user.type(screen.getByLabelText(/^Code from the app/), '654321');
  await user.click(screen.getByRole('button', { name: 'Confirm' }));
  return screen.findByTestId('recovery-codes');
}

describe('MfaPage', () => {
  afterEach(() => {
    document.cookie = 'stockade_csrf=; max-age=0; path=/';
    useUi.setState({ toasts: [] });
    vi.mocked(saveBlob).mockClear();
    act(() => useSession.getState().signOut());
  });

  it('sets up: QR code and key (copyable), first code, then the recovery codes once', async () => {
    useSession.getState().signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: ann });
    const http = renderPage(fakeServer());
    const user = userEvent.setup();
    expect(await screen.findByText('Off')).toBeInTheDocument();

    await user.click(await screen.findByRole('button', { name: 'Set up two-step sign-in' }));
    await user.click(await screen.findByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    const list = await enrolUpToCodes(user);

    expect(JSON.parse(http.to('POST', '/api/auth/mfa/enrolment/confirm')[0].data as string)).toEqual({ code: '654321' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.replace(/^\d+\./, '')),
    ).toEqual(CODES);

    await user.click(screen.getByRole('button', { name: 'Copy codes' }));
    expect(await navigator.clipboard.readText()).toBe(CODES.join('\n'));
    await user.click(screen.getByRole('button', { name: 'Download as .txt' }));
    expect(saveBlob).toHaveBeenCalledTimes(1);
    const [blob, name] = vi.mocked(saveBlob).mock.calls[0];
    expect(name).toBe('stockade-recovery-codes.txt');
    const text = await blob.text();
    for (const c of CODES) expect(text).toContain(c);

    const done = screen.getByRole('button', { name: 'Done' });
    expect(done).toBeDisabled();
    await user.click(screen.getByLabelText('I have saved these codes'));
    await user.click(done);
    expect(await screen.findByText('On')).toBeInTheDocument();
    expect(screen.getByTestId('recovery-codes-left')).toHaveTextContent('10');
    expect(screen.queryByTestId('recovery-codes')).toBeNull();
    expect(useUi.getState().toasts.map((t) => t.message)).toContain('Two-step sign-in is on');
    expect(http.to('POST', '/api/auth/refresh')).toHaveLength(0);
  });

  it('shows a wrong first code at its field', async () => {
    useSession.getState().signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: ann });
    const http = renderPage(
      fakeServer({
        confirm: [
          { status: 400, data: { status: 400, errors: [{ field: 'code', message: 'That code is not right (or was used already)' }] } },
        ],
      }),
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Set up two-step sign-in' }));
    await user.type(await screen.findByLabelText(/^Code from the app/), '111111');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('That code is not right (or was used already)')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Code from the app/)).toHaveAttribute('aria-invalid', 'true');
    expect(http.to('POST', '/api/auth/mfa/enrolment/confirm')).toHaveLength(1);
  });

  it('when required (the gated token): after "Done" refreshes the session and lands on the dashboard', async () => {
    document.cookie = 'stockade_csrf=c-7; path=/';
    useSession.getState().signIn({ token: 'gated', expiresAt: 'x', mustChangePassword: false, mfaEnrolmentRequired: true, user: ann });
    const http = renderPage(
      fakeServer({
        required: true,
        extra: [
          {
            method: 'POST',
            url: '/api/auth/refresh',
            reply: [
              { status: 200, data: { token: 'free', expiresAt: 'y', mustChangePassword: false, mfaEnrolmentRequired: false, user: ann } },
            ],
          },
        ],
      }),
      '/settings/mfa?required=1',
    );
    const user = userEvent.setup();
    expect(await screen.findByText(/requires two-step sign-in for your role. Set it up before you can continue/)).toBeInTheDocument();
    await enrolUpToCodes(user);
    await user.click(screen.getByLabelText('I have saved these codes'));
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(await screen.findByText('dashboard page')).toBeInTheDocument();
    const [refresh] = http.to('POST', '/api/auth/refresh');
    expect(refresh.headers.get('X-CSRF-Token')).toBe('c-7');
    const s = useSession.getState();
    expect([s.token, s.mfaEnrolmentRequired]).toEqual(['free', false]);
  });

  it('turns it off with the password and a code, showing refused fields', async () => {
    useSession.getState().signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: ann });
    let tries = 0;
    const http = renderPage(
      fakeServer({
        enrolled: true,
        disable: () =>
          ++tries === 1
            ? { status: 400, data: { status: 400, errors: [{ field: 'password', message: 'The password is wrong' }] } }
            : { status: 204 },
      }),
    );
    const user = userEvent.setup();
    expect(await screen.findByText('On')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Turn off' }));
    const dialog = screen.getByRole('dialog', { name: 'Turn off two-step sign-in?' });
    await user.type(within(dialog).getByLabelText(/^Password/), 'wrong');
    await user.type(within(dialog).getByLabelText(/^Code from the app/), '123456');
    await user.click(within(dialog).getByRole('button', { name: 'Turn off' }));
    expect(await within(dialog).findByText('The password is wrong')).toBeInTheDocument();

    await user.clear(within(dialog).getByLabelText(/^Password/));
    await user.type(within(dialog).getByLabelText(/^Password/), 'right-one');
    await user.click(within(dialog).getByRole('button', { name: 'Turn off' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('Off')).toBeInTheDocument();
    const calls = http.to('DELETE', '/api/auth/mfa');
    expect(JSON.parse(calls[1].data as string)).toEqual({ password: 'right-one', code: '123456' });
    expect(calls[1].headers.get('Content-Type')).toMatch(/application\/json/);
    expect(useUi.getState().toasts.map((t) => t.message)).toContain('Two-step sign-in is off');
  });

  it('turning off with a recovery code; a 409 mfa-required is explained', async () => {
    useSession.getState().signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: ann });
    const http = renderPage(
      fakeServer({
        enrolled: true,
        disable: () => ({
          status: 409,
          data: {
            status: 409,
            type: 'https://stockade.io/problems/mfa-required',
            detail: 'Your organisation requires a second factor for your role',
          },
        }),
      }),
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Turn off' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Password/), 'pw');
    await user.click(within(dialog).getByRole('button', { name: 'Use a recovery code instead' }));
    await user.type(within(dialog).getByLabelText(/^Recovery code/), 'abcde-fghij-klmno');
    await user.click(within(dialog).getByRole('button', { name: 'Turn off' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Your organisation requires a second factor for your role');
    expect(JSON.parse(http.to('DELETE', '/api/auth/mfa')[0].data as string)).toEqual({ password: 'pw', recoveryCode: 'abcde-fghij-klmno' });
  });

  it('when required by the policy it cannot be turned off', async () => {
    useSession.getState().signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: ann });
    renderPage(fakeServer({ enrolled: true, required: true }));
    expect(
      await screen.findByText('Your organisation requires two-step sign-in for your role, so it cannot be turned off.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Turn off' })).toBeNull();
    expect(screen.getByText('Yes, for your role')).toBeInTheDocument();
  });
});
