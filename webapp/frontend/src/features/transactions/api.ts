import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type { TransactionListQuery, TransactionPage } from '@/api/types';
import { filenameFrom, saveBlob, withBlobProblem } from '@/lib/download';
import { localMidnightIso } from '@/lib/date-range';

export type TxFilters = { [K in keyof TransactionListQuery]?: string };

function clean(f: TxFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as Record<string, string>;
}

/** From/To are whole days in the user's time zone: [local midnight of From, local midnight after To). */
export function toApiParams(f: Record<string, string>): Record<string, string> {
  const out = { ...f };
  if (f.dateFrom) out.dateFrom = localMidnightIso(f.dateFrom) ?? f.dateFrom;
  if (f.dateTo) out.dateTo = localMidnightIso(f.dateTo, 1) ?? f.dateTo;
  return out;
}

export function useTransactions(filters: TxFilters, enabled = true) {
  return useQuery({
    queryKey: qk.transactions(filters),
    queryFn: async () => (await api.get<TransactionPage>('/api/transactions', { params: toApiParams(clean(filters)) })).data,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** GET /api/transactions?format=csv through the API client (the token cannot go in a URL), saved as a file. */
export async function exportTransactionsCsv(filters: TxFilters): Promise<void> {
  const { page: _p, limit: _l, ...rest } = filters;
  let response;
  try {
    response = await api.get<Blob>('/api/transactions', {
      params: { ...toApiParams(clean(rest)), format: 'csv' },
      responseType: 'blob',
      headers: { Accept: 'text/csv, application/problem+json' },
      // The caller shows the one message (with the server's detail).
      silent: true,
    });
  } catch (e) {
    throw await withBlobProblem(e);
  }
  saveBlob(response.data, filenameFrom(response.headers['content-disposition'], 'transactions.csv'));
}
