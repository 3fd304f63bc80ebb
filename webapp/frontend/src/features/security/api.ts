import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type { SecurityEventPage } from '@/api/types';
import { localMidnightIso } from '@/lib/date-range';

export const SECURITY_EVENT_TYPES = [
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'ACCOUNT_LOCKED',
  'ACCOUNT_UNLOCKED',
  'SESSION_REVOKED',
  'REFRESH_TOKEN_REUSED',
  'MFA_ENROLLED',
  'MFA_DISABLED',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET_REQUESTED',
  'PASSWORD_RESET',
  'ROLE_CHANGED',
  'RATE_LIMITED',
] as const;

export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

export const EVENT_LABELS: Record<SecurityEventType, string> = {
  LOGIN_SUCCEEDED: 'Signed in',
  LOGIN_FAILED: 'Sign-in failed',
  ACCOUNT_LOCKED: 'Account locked',
  ACCOUNT_UNLOCKED: 'Account unlocked',
  SESSION_REVOKED: 'Session ended',
  REFRESH_TOKEN_REUSED: 'Refresh token reused',
  MFA_ENROLLED: 'Two-factor sign-in enabled',
  MFA_DISABLED: 'Two-factor sign-in disabled',
  PASSWORD_CHANGED: 'Password changed',
  PASSWORD_RESET_REQUESTED: 'Password reset requested',
  PASSWORD_RESET: 'Password reset',
  ROLE_CHANGED: 'Role changed',
  RATE_LIMITED: 'Rate limited',
};

export function isSecurityEventType(t: string | null | undefined): t is SecurityEventType {
  return !!t && (SECURITY_EVENT_TYPES as readonly string[]).includes(t);
}

/** The human label of an event type; an unknown (newer) type is shown in plain words. */
export function eventLabel(type: string): string {
  if (isSecurityEventType(type)) return EVENT_LABELS[type];
  const words = type.toLowerCase().replace(/_/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Unknown event';
}

export type EventSeverity = 'danger' | 'success' | 'neutral';

const DANGER = new Set<string>(['LOGIN_FAILED', 'ACCOUNT_LOCKED', 'REFRESH_TOKEN_REUSED']);
const SUCCESS = new Set<string>(['LOGIN_SUCCEEDED']);

export function eventSeverity(type: string): EventSeverity {
  return DANGER.has(type) ? 'danger' : SUCCESS.has(type) ? 'success' : 'neutral';
}

/** The page's filters as kept in the URL: from/to are local days (yyyy-mm-dd). */
export interface SecurityEventFilters {
  type?: string;
  userId?: string;
  from?: string;
  to?: string;
  page?: string;
  limit?: string;
}

/** Query parameters for the API: From/To are whole local days, [midnight of From, midnight after To). */
export function toSecurityEventParams(f: SecurityEventFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.type) out.type = f.type;
  if (f.userId) out.userId = f.userId;
  if (f.from) out.from = localMidnightIso(f.from) ?? f.from;
  if (f.to) out.to = localMidnightIso(f.to, 1) ?? f.to;
  out.page = f.page || '1';
  out.limit = f.limit || '20';
  return out;
}

export function useSecurityEvents(filters: SecurityEventFilters, enabled = true) {
  return useQuery({
    queryKey: qk.securityEvents(filters),
    queryFn: async () => (await api.get<SecurityEventPage>('/api/security/events', { params: toSecurityEventParams(filters) })).data,
    placeholderData: keepPreviousData,
    enabled,
  });
}
