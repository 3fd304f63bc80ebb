import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type { CategoryList, CategoryStockPage, DeadStockPage, LocationStockPage, MovementPage, StockoutPage } from '@/api/types';
import { filenameFrom, saveBlob, withBlobProblem } from '@/lib/download';

export const REPORTS = ['stock-by-category', 'stock-by-location', 'movements', 'dead-stock', 'stockouts'] as const;
export type ReportName = (typeof REPORTS)[number];

export interface ReportPages {
  'stock-by-category': CategoryStockPage;
  'stock-by-location': LocationStockPage;
  movements: MovementPage;
  'dead-stock': DeadStockPage;
  stockouts: StockoutPage;
}

/** The URL parameters each report understands (GET /api/reports/{report}); anything else stays out of its request. */
export const REPORT_FILTERS: Record<ReportName, readonly string[]> = {
  'stock-by-category': ['category'],
  'stock-by-location': ['search'],
  movements: ['from', 'to', 'groupBy', 'itemId', 'userId', 'type'],
  'dead-stock': ['days', 'category'],
  stockouts: ['from', 'to', 'itemId'],
};

export function isReport(value: string | null): value is ReportName {
  return !!value && (REPORTS as readonly string[]).includes(value);
}

/** The report's own filters from the URL (empty ones dropped), plus the page. */
export function reportParams(report: ReportName, url: URLSearchParams, withPage = true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...REPORT_FILTERS[report], ...(withPage ? ['page'] : [])]) {
    const v = url.get(key)?.trim();
    if (v) out[key] = v;
  }
  return out;
}

export function useReport<R extends ReportName>(report: R, params: Record<string, string>, enabled = true) {
  return useQuery({
    queryKey: qk.reports(report, params),
    queryFn: async () => (await api.get<ReportPages[R]>(`/api/reports/${report}`, { params })).data,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The category tree for the category filter (read by everyone who may see reports). */
export function useReportCategories() {
  return useQuery({
    queryKey: qk.categories,
    queryFn: async () => (await api.get<CategoryList>('/api/categories')).data.categories ?? [],
    staleTime: 5 * 60_000,
  });
}

/** GET /api/reports/{report}?format=csv through the API client (the token cannot go in a URL), saved as a file. */
export async function exportReportCsv(report: ReportName, params: Record<string, string>): Promise<void> {
  const { page: _page, ...filters } = params;
  let response;
  try {
    response = await api.get<Blob>(`/api/reports/${report}`, {
      params: { ...filters, format: 'csv' },
      responseType: 'blob',
      headers: { Accept: 'text/csv, application/problem+json' },
      // The caller shows the one message (with the server's detail).
      silent: true,
    });
  } catch (e) {
    throw await withBlobProblem(e);
  }
  saveBlob(response.data, filenameFrom(response.headers['content-disposition'], `${report}.csv`));
}
