import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type { CategoryList, NotificationPage, NotificationPreferences, NotificationPreferencesChange } from '@/api/types';

/** How often the bell asks for new alerts; alerts are rare and a minute late is fine for a badge. */
const BELL_REFRESH_MS = 30_000;

export interface NotificationParams {
  unread?: boolean;
  page?: number;
  limit?: number;
}

export function toNotificationParams(p: NotificationParams): Record<string, string> {
  return { unread: p.unread ? 'true' : 'false', page: String(p.page ?? 1), limit: String(p.limit ?? 20) };
}

/** GET /api/notifications: the signed-in person's own inbox, newest first, with the unread count. */
export function useNotifications(p: NotificationParams, options: { poll?: boolean } = {}) {
  const params = toNotificationParams(p);
  return useQuery({
    queryKey: qk.notifications(params),
    queryFn: async () => (await api.get<NotificationPage>('/api/notifications', { params })).data,
    placeholderData: keepPreviousData,
    refetchInterval: options.poll ? BELL_REFRESH_MS : false,
  });
}

/** POST /api/notifications/{id}/read, or read-all when no id is given. The server answers once the inbox shows it. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id?: string) => {
      await api.post(id ? `/api/notifications/${encodeURIComponent(id)}/read` : '/api/notifications/read-all');
    },
    onSettled: () => client.invalidateQueries({ queryKey: qk.notifications() }),
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: qk.notificationPreferences,
    queryFn: async () => (await api.get<NotificationPreferences>('/api/notifications/preferences')).data,
  });
}

/** The category tree to narrow alerts by (the same cache entry the inventory screens use). */
export function useCategoryTree() {
  return useQuery({
    queryKey: qk.categories,
    queryFn: async () => (await api.get<CategoryList>('/api/categories')).data.categories ?? [],
    staleTime: 5 * 60_000,
  });
}

export async function saveNotificationPreferences(body: NotificationPreferencesChange): Promise<NotificationPreferences> {
  return (await api.put<NotificationPreferences>('/api/notifications/preferences', body)).data;
}

/** "3 min ago", "2 h ago", or the date: the bell's timestamps. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}
