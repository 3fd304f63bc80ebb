import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/http';
import { qk } from '../../api/queryKeys';
import type { TransactionListQuery, TransactionPage, UserLookupList } from '../../api/types';
import { filenameFrom, saveBlob, withBlobProblem } from '../../lib/download';

export type TxFilters = { [K in keyof TransactionListQuery]?: string };

function clean(f: TxFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as Record<string, string>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a yyyy-mm-dd date plus `days`, as an ISO instant; undefined when not a date. */
export function localMidnightIso(date: string | undefined, days = 0): string | undefined {
  const m = date ? DATE.exec(date) : null;
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** From/To are whole days in the user's time zone: [local midnight of From, local midnight after To). */
export function toApiParams(f: Record<string, string>): Record<string, string> {
  const out = { ...f };
  if (f.dateFrom) out.dateFrom = localMidnightIso(f.dateFrom) ?? f.dateFrom;
  if (f.dateTo) out.dateTo = localMidnightIso(f.dateTo, 1) ?? f.dateTo;
  return out;
}

/** A field error when To is before From (both yyyy-mm-dd), else undefined. */
export function dateRangeError(from: string | undefined, to: string | undefined): string | undefined {
  if (!from || !to || !DATE.test(from) || !DATE.test(to)) return undefined;
  return to < from ? 'To must be on or after From' : undefined;
}

export function useTransactions(filters: TxFilters, enabled = true) {
  return useQuery({
    queryKey: qk.transactions(filters),
    queryFn: async () => (await api.get<TransactionPage>('/api/transactions', { params: toApiParams(clean(filters)) })).data,
    placeholderData: keepPreviousData,
    enabled,
  });
}

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

/** GET /api/transactions?format=csv through axios (the token cannot go in a URL), saved as a file. */
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
