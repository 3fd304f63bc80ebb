import { useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type { UserLookupList } from '@/api/types';

export const USER_SEARCH_MAX = 50;

/** Users whose name matches (the server returns at most 20): search as you type. */
export function useUserLookup(search: string, enabled = true) {
  const term = search.trim().slice(0, USER_SEARCH_MAX);
  return useQuery({
    queryKey: [...qk.userLookup, term],
    queryFn: async () => (await api.get<UserLookupList>('/api/users/lookup', { params: term ? { search: term } : {} })).data.users ?? [],
    staleTime: 60_000,
    enabled,
  });
}
