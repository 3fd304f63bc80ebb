import { useState } from 'react';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { Alert } from '@/components/atoms/alert';
import { EmptyState } from '@/components/molecules/empty-state';
import { Pagination } from '@/components/molecules/pagination';
import { describeError } from '@/api/problem';
import { formatDateTime } from '@/lib/format';
import { useItemHistory } from '@/features/inventory/api';

export function StockHistory({ itemId }: { itemId: string }) {
  const [page, setPage] = useState(1);
  const history = useItemHistory(itemId, page);
  if (history.isPending) return <LoadingBlock lines={4} label="Loading stock history…" />;
  if (history.isError) return <Alert>{describeError(history.error, 'The history could not be loaded.')}</Alert>;
  const rows = history.data.transactions ?? [];
  if (rows.length === 0) return <EmptyState title="No stock movements yet" />;
  return (
    <div>
      <div className="overflow-x-auto rounded-lg border border-slate-300">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Stock history</caption>
          <thead className="bg-slate-100 text-left text-xs uppercase text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">
                When
              </th>
              <th scope="col" className="px-3 py-2">
                Change
              </th>
              <th scope="col" className="px-3 py-2">
                Stock after
              </th>
              <th scope="col" className="px-3 py-2">
                Reason
              </th>
              <th scope="col" className="px-3 py-2">
                By
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id} className="border-t border-slate-200">
                <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(t.effectiveAt ?? t.timestamp)}</td>
                <td className={`px-3 py-2 font-semibold tabular-nums ${(t.quantityChange ?? 0) < 0 ? 'text-red-800' : 'text-green-800'}`}>
                  {(t.quantityChange ?? 0) > 0 ? `+${t.quantityChange}` : t.quantityChange}
                </td>
                <td className="px-3 py-2 tabular-nums">{t.stockAfter}</td>
                <td className="px-3 py-2">{t.reason}</td>
                <td className="px-3 py-2">{t.userName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        page={history.data.page ?? page}
        pages={history.data.pages ?? 1}
        total={history.data.total}
        onPageChange={setPage}
        label="Stock history pages"
      />
    </div>
  );
}
