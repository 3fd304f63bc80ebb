import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { usePageTitle } from '@/lib/use-page-title';
import { useRole } from '@/stores/session';
import { can } from '@/lib/roles';
import { DataTable } from '@/components/organisms/data-table';
import { Pagination } from '@/components/molecules/pagination';
import { TextField } from '@/components/molecules/field';
import { EmptyState } from '@/components/molecules/empty-state';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { formatDateTime } from '@/lib/format';
import { toast } from '@/stores/ui';
import type { TransactionView } from '@/api/types';
import { exportTransactionsCsv, useTransactions, type TxFilters } from '@/features/transactions/api';
import { dateRangeError } from '@/lib/date-range';
import { ProductPicker } from '@/features/transactions/molecules/product-picker';
import { UserPicker } from '@/components/molecules/user-picker';
import { useFilterParams } from '@/lib/use-filter-params';

export default function TransactionsPage() {
  usePageTitle('Transactions');
  const role = useRole();
  const [params, update, clear] = useFilterParams();
  const [exporting, setExporting] = useState(false);

  const filters: TxFilters = useMemo(
    () => ({
      dateFrom: params.get('dateFrom') ?? undefined,
      dateTo: params.get('dateTo') ?? undefined,
      productId: params.get('productId') ?? undefined,
      userId: params.get('userId') ?? undefined,
      page: params.get('page') ?? '1',
      limit: '20',
    }),
    [params],
  );
  const rangeError = dateRangeError(filters.dateFrom, filters.dateTo);
  const tx = useTransactions(filters, !rangeError);
  const fieldErrors: Record<string, string | undefined> = Object.fromEntries(fieldErrorsOf(tx.error).map((e) => [e.field, e.message]));
  if (rangeError) fieldErrors.dateTo = rangeError;
  const product = filters.productId ? { id: filters.productId, name: params.get('productName') ?? filters.productId } : null;
  const pickedUser = filters.userId ? { id: filters.userId, name: params.get('userName') ?? filters.userId } : null;

  async function onExport() {
    if (rangeError) return;
    setExporting(true);
    try {
      await exportTransactionsCsv(filters);
    } catch (e) {
      toast(describeError(e, 'The export failed.'), 'error');
    } finally {
      setExporting(false);
    }
  }

  return (
    <section className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <TextField
          label="From"
          type="date"
          value={filters.dateFrom ?? ''}
          onChange={(e) => update({ dateFrom: e.target.value })}
          error={fieldErrors.dateFrom}
        />
        <TextField
          label="To"
          type="date"
          value={filters.dateTo ?? ''}
          onChange={(e) => update({ dateTo: e.target.value })}
          error={fieldErrors.dateTo}
        />
        <ProductPicker value={product} onChange={(p) => update({ productId: p?.id ?? null, productName: p?.name ?? null })} />
        <UserPicker value={pickedUser} onChange={(u) => update({ userId: u?.id ?? null, userName: u?.name ?? null })} />
      </div>
      <div className="flex flex-wrap gap-3">
        {can.exportTransactions(role) && (
          <Button variant="secondary" onClick={() => void onExport()} busy={exporting} disabled={!!rangeError}>
            Export CSV
          </Button>
        )}
        {(filters.dateFrom || filters.dateTo || filters.productId || filters.userId) && (
          <Button variant="ghost" onClick={clear}>
            Clear filters
          </Button>
        )}
      </div>
      {rangeError ? (
        <Alert tone="warning">Choose a To date on or after the From date.</Alert>
      ) : tx.isPending ? (
        <LoadingBlock lines={8} label="Loading transactions…" />
      ) : tx.isError ? (
        <Alert>{describeError(tx.error, 'The transactions could not be loaded.')}</Alert>
      ) : (tx.data.transactions ?? []).length === 0 ? (
        <EmptyState title="No transactions found">Change the filters to see more.</EmptyState>
      ) : (
        <>
          <DataTable<TransactionView>
            caption="Transactions"
            rows={tx.data.transactions ?? []}
            rowKey={(t) => t.id!}
            columns={[
              {
                key: 'when',
                header: 'When',
                cell: (t) => <span className="whitespace-nowrap">{formatDateTime(t.effectiveAt ?? t.timestamp)}</span>,
              },
              {
                key: 'product',
                header: 'Product',
                cell: (t) => (
                  <Link to={`/inventory/${t.productId}`} className="text-blue-800 hover:underline focus-ring">
                    {t.productName}
                  </Link>
                ),
              },
              {
                key: 'change',
                header: 'Change',
                cell: (t) => (
                  <span className={`font-semibold tabular-nums ${(t.quantityChange ?? 0) < 0 ? 'text-red-800' : 'text-green-800'}`}>
                    {(t.quantityChange ?? 0) > 0 ? `+${t.quantityChange}` : t.quantityChange}
                  </span>
                ),
              },
              {
                key: 'after',
                header: 'Stock after',
                cell: (t) => <span className="tabular-nums">{t.stockAfter}</span>,
                className: 'hidden sm:table-cell',
              },
              { key: 'reason', header: 'Reason', cell: (t) => t.reason, className: 'hidden md:table-cell' },
              { key: 'user', header: 'User', cell: (t) => t.userName ?? '—' },
              { key: 'source', header: 'Source', cell: (t) => t.source ?? '—', className: 'hidden lg:table-cell' },
            ]}
          />
          <Pagination
            page={tx.data.page ?? 1}
            pages={tx.data.pages ?? 1}
            total={tx.data.total}
            onPageChange={(p) => update({ page: String(p) }, false)}
            label="Transaction pages"
          />
        </>
      )}
    </section>
  );
}
