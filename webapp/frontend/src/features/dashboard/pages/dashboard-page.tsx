import { useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type { TransactionPage } from '@/api/types';
import { describeError } from '@/api/problem';
import { usePageTitle } from '@/lib/use-page-title';
import { useRole } from '@/stores/session';
import { can } from '@/lib/roles';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { Skeleton } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { KpiCard } from '@/features/dashboard/molecules/kpi-card';
import { LiveIndicator } from '@/components/atoms/live-indicator';
import { TopMoversList } from '@/features/dashboard/organisms/top-movers-list';
import { useDashboardMetrics, useLiveDashboard, useTrends } from '@/features/dashboard/api';
import { LowStockTrendChart, MovementsChart, StockByCategoryChart, TrendMovementsChart } from '@/features/dashboard/organisms/charts';

export default function DashboardPage() {
  usePageTitle('Dashboard');
  const role = useRole();
  const metrics = useDashboardMetrics();
  const live = useLiveDashboard();
  const trends = useTrends(30);
  const movements = useQuery({
    queryKey: qk.transactions({ dashboard: true }),
    queryFn: async () => (await api.get<TransactionPage>('/api/transactions', { params: { limit: 100, page: 1 } })).data,
    enabled: can.viewTransactions(role),
  });
  const m = metrics.data;

  return (
    <div className="space-y-6">
      <div className="flex justify-end">
        <LiveIndicator status={live} />
      </div>
      {metrics.isError && <Alert>{describeError(metrics.error, 'The metrics could not be loaded.')}</Alert>}
      <section aria-label="Key figures" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {metrics.isPending ? (
          Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-28 w-full" />)
        ) : metrics.isError && !m ? (
          <p className="text-sm text-slate-700 sm:col-span-2 xl:col-span-4">The key figures are unavailable until the metrics load.</p>
        ) : (
          <>
            <KpiCard title="Total products" value={m?.totalProducts} testId="kpi-total-products" />
            <KpiCard title="Low stock" value={m?.lowStockCount} testId="kpi-low-stock" tone="amber" />
            <KpiCard title="Out of stock" value={m?.outOfStockCount} testId="kpi-out-of-stock" tone="red" />
            <KpiCard
              title="Recent activity"
              value={m?.recentTransactions}
              testId="kpi-recent-activity"
              tone="slate"
              hint="Stock movements in the last 24 hours"
            />
          </>
        )}
      </section>
      <div className="grid gap-6 xl:grid-cols-2">
        <section className="rounded-lg bg-white p-4 shadow-sm" aria-labelledby="by-category">
          <h2 id="by-category" className="mb-2 text-base font-semibold text-slate-900">
            Stock status by category
          </h2>
          {metrics.isPending ? (
            <Skeleton className="h-72 w-full" />
          ) : metrics.isError && !m ? (
            <div className="space-y-3">
              <Alert>{describeError(metrics.error, 'The stock by category could not be loaded.')}</Alert>
              <Button variant="secondary" size="sm" busy={metrics.isFetching} onClick={() => void metrics.refetch()}>
                Try again
              </Button>
            </div>
          ) : (m?.stockByCategory ?? []).length === 0 ? (
            <EmptyState title="No items yet" />
          ) : (
            <StockByCategoryChart data={m?.stockByCategory ?? []} />
          )}
        </section>
        <section className="rounded-lg bg-white p-4 shadow-sm" aria-labelledby="movements">
          <h2 id="movements" className="mb-2 text-base font-semibold text-slate-900">
            Recent movements
          </h2>
          {!can.viewTransactions(role) ? (
            <p className="text-sm text-slate-700">Movement history is available to Managers, Admins and Auditors.</p>
          ) : movements.isPending ? (
            <Skeleton className="h-72 w-full" />
          ) : movements.isError ? (
            <Alert>{describeError(movements.error, 'Recent movements could not be loaded.')}</Alert>
          ) : (movements.data.transactions ?? []).length === 0 ? (
            <EmptyState title="No stock movements yet" />
          ) : (
            <MovementsChart transactions={movements.data.transactions ?? []} />
          )}
        </section>
      </div>
      <section className="space-y-4" aria-labelledby="trends">
        <h2 id="trends" className="text-base font-semibold text-slate-900">
          Last 30 days
        </h2>
        {trends.isPending ? (
          <Skeleton className="h-64 w-full" />
        ) : trends.isError ? (
          <Alert>{describeError(trends.error, 'The trends could not be loaded.')}</Alert>
        ) : (
          <div className="grid gap-6 xl:grid-cols-3">
            <div className="rounded-lg bg-white p-4 shadow-sm xl:col-span-2">
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Movements per day (units in and out)</h3>
              <TrendMovementsChart days={trends.data.movementsPerDay ?? []} />
            </div>
            <div className="rounded-lg bg-white p-4 shadow-sm">
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Top movers</h3>
              {(trends.data.topMovers ?? []).length === 0 ? (
                <EmptyState title="No movements in 30 days" />
              ) : (
                <TopMoversList movers={trends.data.topMovers ?? []} />
              )}
            </div>
            <div className="rounded-lg bg-white p-4 shadow-sm xl:col-span-3">
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Items low on stock (end of day)</h3>
              <LowStockTrendChart days={trends.data.lowStockPerDay ?? []} />
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
