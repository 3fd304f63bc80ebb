import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type {
  DeadLetterList,
  OutboxPage,
  RateLimit,
  RetriedMessage,
  RetryAnswer,
  Role,
  SecurityPolicy,
  SecurityPolicyChange,
} from '@/api/types';

export const OUTBOX_STATUSES = ['pending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: 'Pending',
  sent: 'Sent',
  dead: 'Dead',
};

export function isOutboxStatus(s: string | null | undefined): s is OutboxStatus {
  return !!s && (OUTBOX_STATUSES as readonly string[]).includes(s);
}

export interface OutboxFilters {
  status?: OutboxStatus;
  page?: string;
  limit?: string;
}

export function toOutboxParams(f: OutboxFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.status) out.status = f.status;
  out.page = f.page || '1';
  out.limit = f.limit || '20';
  return out;
}

/** POST /api/admin/outbox/{id}/retry: a dead-lettered message goes back into the queue. */
export function useRetryOutboxMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (await api.post<RetriedMessage>(`/api/admin/outbox/${encodeURIComponent(id)}/retry`, undefined, { silent: true })).data.message,
    onSettled: () => client.invalidateQueries({ queryKey: qk.outbox() }),
  });
}

export function useOutbox(filters: OutboxFilters) {
  return useQuery({
    queryKey: qk.outbox(filters),
    queryFn: async () => (await api.get<OutboxPage>('/api/admin/outbox', { params: toOutboxParams(filters) })).data,
    placeholderData: keepPreviousData,
  });
}

/** A message kind ("password-reset") in words ("Password reset"). */
export function kindLabel(kind: string): string {
  const words = kind.replace(/[-_]+/g, ' ').trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : 'E-mail';
}

/** GET/PUT /api/admin/security-policy. Only mfaRequiredRoles is the organisation's to change. */
export function useSecurityPolicy() {
  return useQuery({
    queryKey: qk.securityPolicy,
    queryFn: async () => (await api.get<SecurityPolicy>('/api/admin/security-policy')).data,
  });
}

export async function saveMfaRequiredRoles(roles: Role[]): Promise<SecurityPolicy> {
  const body: SecurityPolicyChange = { mfaRequiredRoles: roles };
  return (await api.put<SecurityPolicy>('/api/admin/security-policy', body, { silent: true })).data;
}

export const PASSWORD_PROFILES: Record<string, string> = {
  'seed-003': 'Standard: upper- and lower-case letters, a digit and a symbol',
  'asvs-5': 'OWASP ASVS 5: length over composition, no character rules',
};

export function rateLimitText(l: RateLimit | undefined): string {
  if (!l) return '—';
  const per =
    l.periodSeconds === 60 ? 'minute' : l.periodSeconds === 3600 ? 'hour' : l.periodSeconds === 1 ? 'second' : `${l.periodSeconds} s`;
  return `${l.requests} requests per ${per}, bursts of up to ${l.burst}`;
}

export function useDeadLetters() {
  return useQuery({
    queryKey: qk.deadLetters,
    queryFn: async () => (await api.get<DeadLetterList>('/api/admin/dead-letters')).data,
  });
}

/** POST /api/admin/dead-letters/{id}/retry: handle the event again; `processed` says whether it went through. */
export function useRetryDeadLetter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (
        await api.post<RetryAnswer>(`/api/admin/dead-letters/${encodeURIComponent(id)}/retry`, undefined, {
          silent: true,
        })
      ).data,
    onSettled: () => client.invalidateQueries({ queryKey: qk.deadLetters }),
  });
}
