import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/api/http';
import { useLiveQuery } from '@/api/live';
import { qk } from '@/api/query-keys';
import type { DashboardMetrics, DashboardTrends } from '@/api/types';

export async function fetchMetrics(): Promise<DashboardMetrics> {
  return (await api.get<DashboardMetrics>('/api/dashboard/metrics')).data;
}

/** The key figures; kept current by the live stream below, not by polling. */
export function useDashboardMetrics() {
  return useQuery({ queryKey: qk.dashboard, queryFn: fetchMetrics });
}

/** How long the trends may lag the live figures: they are 30 days of aggregates, not worth a read per push. */
export const TRENDS_REFRESH_MS = 10_000;

/**
 * Writes every view pushed by GET /api/stream/dashboard into the metrics query, and reloads the
 * trends at most every TRENDS_REFRESH_MS after a change; returns the stream's state.
 */
export function useLiveDashboard() {
  const client = useQueryClient();
  const pushes = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useLiveQuery<DashboardMetrics>('/api/stream/dashboard', 'dashboard', qk.dashboard, (view) => view, {
    onPush: () => {
      // The first view is what the trends were just loaded with.
      if (pushes.current++ === 0 || timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void client.invalidateQueries({ queryKey: qk.trends() });
      }, TRENDS_REFRESH_MS);
    },
  });
}

export function useTrends(days = 30) {
  return useQuery({
    queryKey: qk.trends(days),
    queryFn: async () => (await api.get<DashboardTrends>('/api/dashboard/trends', { params: { days } })).data,
    staleTime: 5 * 60_000,
  });
}
