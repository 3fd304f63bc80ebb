import type { Role } from '@/api/types';

/** The server's role table (io.stockade.platform.security.Roles), as the UI needs it. */
export const ROLE_SETS = {
  any: ['Admin', 'Manager', 'Staff', 'Auditor'],
  managerOrAdmin: ['Admin', 'Manager'],
  admin: ['Admin'],
  /** Transactions, reports and CSV export: Roles.READ_ALL. */
  readAll: ['Admin', 'Manager', 'Auditor'],
  /** Stock movements: Roles.OPERATOR. */
  operator: ['Admin', 'Manager', 'Staff'],
  /** Security events: Roles.ADMIN_OR_AUDITOR. */
  security: ['Admin', 'Auditor'],
  /** The audit API (/api/audit/**): Roles.ADMIN_OR_AUDITOR. */
  audit: ['Admin', 'Auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type RoleSet = keyof typeof ROLE_SETS;

export function hasRole(role: Role | null | undefined, set: RoleSet): boolean {
  return !!role && (ROLE_SETS[set] as readonly Role[]).includes(role);
}

export const can = {
  createItem: (r: Role | null | undefined) => hasRole(r, 'managerOrAdmin'),
  editItem: (r: Role | null | undefined) => hasRole(r, 'managerOrAdmin'),
  archiveItem: (r: Role | null | undefined) => hasRole(r, 'admin'),
  adjustStock: (r: Role | null | undefined) => hasRole(r, 'operator'),
  viewTransactions: (r: Role | null | undefined) => hasRole(r, 'readAll'),
  exportTransactions: (r: Role | null | undefined) => hasRole(r, 'readAll'),
  viewReports: (r: Role | null | undefined) => hasRole(r, 'readAll'),
  importItems: (r: Role | null | undefined) => hasRole(r, 'managerOrAdmin'),
  manageUsers: (r: Role | null | undefined) => hasRole(r, 'admin'),
  viewSecurityEvents: (r: Role | null | undefined) => hasRole(r, 'security'),
  viewOutbox: (r: Role | null | undefined) => hasRole(r, 'admin'),
  manageSecurityPolicy: (r: Role | null | undefined) => hasRole(r, 'admin'),
  viewAudit: (r: Role | null | undefined) => hasRole(r, 'audit'),
};

export interface NavItem {
  to: string;
  label: string;
  roles: RoleSet;
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Dashboard', roles: 'any' },
  { to: '/inventory', label: 'Inventory', roles: 'any' },
  { to: '/scanner', label: 'Scanner', roles: 'any' },
  { to: '/low-stock', label: 'Low stock', roles: 'any' },
  { to: '/transactions', label: 'Transactions', roles: 'readAll' },
  { to: '/reports', label: 'Reports', roles: 'readAll' },
  { to: '/import', label: 'Import', roles: 'managerOrAdmin' },
  { to: '/users', label: 'Users', roles: 'admin' },
  { to: '/security/events', label: 'Security events', roles: 'security' },
  { to: '/audit', label: 'Audit', roles: 'audit' },
  { to: '/admin/outbox', label: 'Outbox', roles: 'admin' },
  { to: '/admin/dead-letters', label: 'Dead letters', roles: 'admin' },
  { to: '/admin/security-policy', label: 'Security policy', roles: 'admin' },
  { to: '/settings', label: 'Settings', roles: 'any' },
];

export function navItemsFor(role: Role | null | undefined): NavItem[] {
  return NAV_ITEMS.filter((i) => hasRole(role, i.roles));
}
