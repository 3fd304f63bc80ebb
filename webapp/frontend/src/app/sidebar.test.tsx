import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { NavList } from './sidebar';
import { useSession } from '@/stores/session';
import type { Role } from '@/api/types';

function renderAs(role: Role) {
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: '1', username: 'u', email: 'e', role } });
  render(
    <MemoryRouter>
      <NavList />
    </MemoryRouter>,
  );
  return screen.getAllByRole('link').map((a) => a.textContent);
}

describe('role-based navigation', () => {
  afterEach(() => {
    cleanup();
    act(() => useSession.getState().signOut());
  });

  it('Staff sees no Import, Users, Transactions or Reports', () => {
    const links = renderAs('Staff');
    expect(links).toEqual(['Dashboard', 'Inventory', 'Scanner', 'Low stock', 'Settings']);
    expect(screen.queryByRole('link', { name: 'Import' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
  });

  it('Manager sees Import but not Users', () => {
    const links = renderAs('Manager');
    expect(links).toContain('Import');
    expect(links).toContain('Transactions');
    expect(links).toContain('Reports');
    expect(links).not.toContain('Users');
  });

  it('Admin sees everything', () => {
    expect(renderAs('Admin')).toEqual([
      'Dashboard',
      'Inventory',
      'Scanner',
      'Low stock',
      'Transactions',
      'Reports',
      'Import',
      'Users',
      'Security events',
      'Audit',
      'Outbox',
      'Dead letters',
      'Security policy',
      'Settings',
    ]);
  });

  it('Outbox and Security policy: Admin only', () => {
    for (const role of ['Manager', 'Staff', 'Auditor'] as const) {
      const links = renderAs(role);
      expect(links).not.toContain('Outbox');
      expect(links).not.toContain('Security policy');
      cleanup();
    }
  });

  it('Audit: Admin and Auditor only', () => {
    expect(renderAs('Auditor')).toContain('Audit');
    cleanup();
    expect(renderAs('Admin')).toContain('Audit');
    cleanup();
    expect(renderAs('Manager')).not.toContain('Audit');
    cleanup();
    expect(renderAs('Staff')).not.toContain('Audit');
  });

  it('Security events: Admin and Auditor only', () => {
    expect(renderAs('Auditor')).toContain('Security events');
    cleanup();
    expect(renderAs('Manager')).not.toContain('Security events');
    cleanup();
    expect(renderAs('Staff')).not.toContain('Security events');
  });

  it('Auditor reads transactions but cannot import', () => {
    const links = renderAs('Auditor');
    expect(links).toContain('Transactions');
    expect(links).toContain('Reports');
    expect(links).not.toContain('Import');
    expect(links).not.toContain('Users');
    expect(links).toContain('Security events');
  });
});
