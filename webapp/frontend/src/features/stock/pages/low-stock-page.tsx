import { Link } from 'react-router-dom';
import { usePageTitle } from '@/lib/use-page-title';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { Alert } from '@/components/atoms/alert';
import { EmptyState } from '@/components/molecules/empty-state';
import { DataTable } from '@/components/organisms/data-table';
import { describeError } from '@/api/problem';
import { StatusBadge } from '@/components/atoms/status-badge';
import { statusFor } from '@/lib/stock-status';
import { LiveIndicator } from '@/components/atoms/live-indicator';
import { useLiveLowStock, useLowStock } from '@/features/stock/api';

export default function LowStockPage() {
  usePageTitle('Low stock');
  const low = useLowStock();
  const live = useLiveLowStock();
  if (low.isPending) return <LoadingBlock lines={6} label="Loading low-stock items…" />;
  if (low.isError) return <Alert>{describeError(low.error, 'Low-stock items could not be loaded.')}</Alert>;
  if (low.data.length === 0) return <EmptyState title="Nothing is low on stock">Every item is above its minimum threshold.</EmptyState>;
  return (
    <section className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700">{low.data.length} items at or below their minimum threshold.</p>
        <LiveIndicator status={live} />
      </div>
      <DataTable
        caption="Low-stock items"
        rows={low.data}
        rowKey={(i) => i.id!}
        columns={[
          {
            key: 'name',
            header: 'Name',
            cell: (i) => (
              <Link to={`/inventory/${i.id}`} className="font-medium text-blue-800 hover:underline focus-ring">
                {i.name}
              </Link>
            ),
          },
          { key: 'sku', header: 'SKU', cell: (i) => <span className="font-mono text-xs">{i.sku}</span> },
          { key: 'location', header: 'Location', cell: (i) => i.location, className: 'hidden sm:table-cell' },
          { key: 'category', header: 'Category', cell: (i) => i.category ?? '—', className: 'hidden md:table-cell' },
          {
            key: 'stock',
            header: 'Stock',
            cell: (i) => (
              <span className="tabular-nums">
                {i.currentStock} / {i.minThreshold}
              </span>
            ),
          },
          { key: 'status', header: 'Status', cell: (i) => <StatusBadge status={statusFor(i.currentStock ?? 0, i.minThreshold ?? 0)} /> },
        ]}
      />
    </section>
  );
}
