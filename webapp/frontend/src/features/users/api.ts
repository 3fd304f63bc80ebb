import { useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import { idempotencyHeaders } from '@/lib/idempotency';
import { filenameFrom, saveBlob, withBlobProblem } from '@/lib/download';
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

/** POST /api/users/{id}/erase (Admin): destroys the person's key and clears every clear copy of their values. */
export async function eraseUser(id: string, reason: string) {
  return (await api.post<UserAnswerManagedUser>(`/api/users/${encodeURIComponent(id)}/erase`, { reason }, { silent: true })).data.user;
}

/** PUT /api/users/{id}/retention-hold (Admin): keeps the person's records; erasure is refused meanwhile. */
export async function placeRetentionHold(id: string, reason: string): Promise<void> {
  await api.put(`/api/users/${encodeURIComponent(id)}/retention-hold`, { reason }, { silent: true });
}

/** DELETE /api/users/{id}/retention-hold (Admin). */
export async function liftRetentionHold(id: string): Promise<void> {
  await api.delete(`/api/users/${encodeURIComponent(id)}/retention-hold`, { silent: true });
}

/** GET /api/users/{id}/export (Admin): everything Stockade holds about the person, saved as a JSON file. */
export async function downloadPersonalData(id: string, username: string): Promise<void> {
  let response;
  try {
    response = await api.get<Blob>(`/api/users/${encodeURIComponent(id)}/export`, {
      responseType: 'blob',
      headers: { Accept: 'application/json, application/problem+json' },
      silent: true,
    });
  } catch (e) {
    throw await withBlobProblem(e);
  }
  saveBlob(response.data, filenameFrom(response.headers['content-disposition'], `personal-data-${username}.json`));
}
