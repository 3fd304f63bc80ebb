import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/http';
import { qk } from '../../api/queryKeys';
import type { TransactionListQuery, TransactionPage, UserLookupList } from '../../api/types';
import { filenameFrom, saveBlob } from '../../lib/download';

export type TxFilters = { [K in keyof TransactionListQuery]?: string };

function clean(f: TxFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as Record<string, string>;
}

export function useTransactions(filters: TxFilters) {
  return useQuery({
    queryKey: qk.transactions(filters),
    queryFn: async () => (await api.get<TransactionPage>('/api/transactions', { params: clean(filters) })).data,
    placeholderData: keepPreviousData,
  });
}

export function useUserLookup() {
  return useQuery({
    queryKey: qk.userLookup,
    queryFn: async () => (await api.get<UserLookupList>('/api/users/lookup')).data.users ?? [],
    staleTime: 5 * 60_000,
  });
}

/** GET /api/transactions?format=csv through axios (the token cannot go in a URL), saved as a file. */
export async function exportTransactionsCsv(filters: TxFilters): Promise<void> {
  const { page: _p, limit: _l, ...rest } = filters;
  const response = await api.get<Blob>('/api/transactions', {
    params: { ...clean(rest), format: 'csv' },
    responseType: 'blob',
    headers: { Accept: 'text/csv' },
  });
  saveBlob(response.data, filenameFrom(response.headers['content-disposition'], 'transactions.csv'));
}
