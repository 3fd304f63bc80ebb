import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { useSession } from '@/stores/session';
import { RequireAuth } from './guards';

const user = { id: 'u1', username: 'ann', email: 'a@x', role: 'Admin' as const };

function Where() {
  const { pathname, search } = useLocation();
  return <output data-testid="where">{pathname + search}</output>;
}

function renderAt(entry: string) {
  render(
    <MemoryRouter initialEntries={[entry]}>
      <Routes>
        <Route path="/login" element={<p>sign-in page</p>} />
        <Route path="/inventory" element={<RequireAuth>inventory page</RequireAuth>} />
        <Route path="/settings/password" element={<RequireAuth allowPasswordChange>password page</RequireAuth>} />
        <Route path="/settings/mfa" element={<RequireAuth allowMfaEnrolment>mfa page</RequireAuth>} />
      </Routes>
      <Where />
    </MemoryRouter>,
  );
}

describe('RequireAuth gates', () => {
  afterEach(() => act(() => useSession.getState().signOut()));

  it('a token gated by mfaEnrolmentRequired opens only the enrolment page', () => {
    useSession.getState().signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, mfaEnrolmentRequired: true, user });
    renderAt('/inventory');
    expect(screen.getByText('mfa page')).toBeInTheDocument();
    expect(screen.getByTestId('where')).toHaveTextContent('/settings/mfa?required=1');
  });

  it('the password change comes before the enrolment', () => {
    useSession.getState().signIn({ token: 't', expiresAt: 'x', mustChangePassword: true, mfaEnrolmentRequired: true, user });
    renderAt('/settings/mfa?required=1');
    expect(screen.getByText('password page')).toBeInTheDocument();
  });

  it('without the gate every page opens', () => {
    useSession.getState().signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user });
    renderAt('/inventory');
    expect(screen.getByText('inventory page')).toBeInTheDocument();
  });
});
