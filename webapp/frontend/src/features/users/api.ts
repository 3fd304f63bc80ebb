import { useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import { idempotencyHeaders } from '@/lib/idempotency';
import type { Register, UpdateUser, UserAnswerManagedUser, UserAnswerUserSummary, UserList } from '@/api/types';

export function useUsers() {
  return useQuery({ queryKey: qk.users, queryFn: async () => (await api.get<UserList>('/api/users')).data.users ?? [] });
}

export async function registerUser(body: Register, idempotencyKey?: string) {
  return (await api.post<UserAnswerUserSummary>('/api/auth/register', body, { headers: idempotencyHeaders(idempotencyKey) })).data.user;
}

export async function updateUser(id: string, body: UpdateUser, idempotencyKey?: string, silent = false) {
  return (
    await api.put<UserAnswerManagedUser>(`/api/users/${encodeURIComponent(id)}`, body, {
      headers: idempotencyHeaders(idempotencyKey),
      silent,
    })
  ).data.user;
}

/** DELETE /api/users/{id}/sessions (Admin): signs the user out on every device. */
export async function endUserSessions(id: string): Promise<void> {
  await api.delete(`/api/users/${encodeURIComponent(id)}/sessions`, { silent: true });
}
