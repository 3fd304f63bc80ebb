import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/http';
import { useLiveQuery } from '../../api/live';
import { qk } from '../../api/queryKeys';
import type { DashboardMetrics, DashboardTrends } from '../../api/types';

export async function fetchMetrics(): Promise<DashboardMetrics> {
  return (await api.get<DashboardMetrics>('/api/dashboard/metrics')).data;
}

/** The key figures; kept current by the live stream below, not by polling. */
export function useDashboardMetrics() {
  return useQuery({ queryKey: qk.dashboard, queryFn: fetchMetrics });
}

/** Writes every view pushed by GET /api/stream/dashboard into the metrics query; returns the stream's state. */
export function useLiveDashboard() {
  return useLiveQuery<DashboardMetrics>('/api/stream/dashboard', 'dashboard', qk.dashboard, (view) => view);
}

export function useTrends(days = 30) {
  return useQuery({
    queryKey: qk.trends(days),
    queryFn: async () => (await api.get<DashboardTrends>('/api/dashboard/trends', { params: { days } })).data,
    staleTime: 5 * 60_000,
  });
}
