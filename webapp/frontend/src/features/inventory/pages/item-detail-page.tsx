import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { usePageTitle } from '@/lib/use-page-title';
import { useRole } from '@/stores/session';
import { can } from '@/lib/roles';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { Alert } from '@/components/atoms/alert';
import { Button, buttonClasses } from '@/components/atoms/button';
import { Modal } from '@/components/organisms/modal';
import { EmptyState } from '@/components/molecules/empty-state';
import { describeError, statusOf } from '@/api/problem';
import { qk } from '@/api/query-keys';
import { toast } from '@/stores/ui';
import { formatDateTime } from '@/lib/format';
import { StatusBadge } from '@/components/atoms/status-badge';
import { StockHistory } from '@/features/inventory/organisms/stock-history';
import type { StockDialogComponent } from '@/types/stock-dialog';
import { LiveIndicator } from '@/components/atoms/live-indicator';
import { archiveItem, useItem, useLiveItem } from '@/features/inventory/api';

export default function ItemDetailPage({ StockDialog }: { StockDialog: StockDialogComponent }) {
  const { id = '' } = useParams();
  const role = useRole();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const item = useItem(id);
  const live = useLiveItem(id);
  const [adjusting, setAdjusting] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  usePageTitle(item.data?.name ?? 'Item');

  const archive = useMutation({
    mutationFn: () => archiveItem(id),
    onSuccess: () => {
      toast(`Archived ${item.data?.name ?? 'the item'}`, 'success');
      queryClient.removeQueries({ queryKey: qk.item(id) });
      void queryClient.invalidateQueries({ queryKey: qk.items() });
      void queryClient.invalidateQueries({ queryKey: qk.dashboard });
      navigate('/inventory');
    },
  });

  if (item.isPending) return <LoadingBlock lines={8} label="Loading item…" />;
  if (item.isError) {
    return statusOf(item.error) === 404 ? (
      <EmptyState
        title="Item not found"
        action={
          <Link to="/inventory" className={buttonClasses('secondary')}>
            Back to inventory
          </Link>
        }
      >
        It may have been archived.
      </EmptyState>
    ) : (
      <Alert>{describeError(item.error, 'The item could not be loaded.')}</Alert>
    );
  }
  const i = item.data;
  const png = i.barcodeUrls ?? {};

  return (
    <div className="space-y-6">
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6">
        <div className="flex flex-wrap items-start gap-4">
          {i.imageUrl ? (
            <img src={i.imageUrl} alt={i.name ?? ''} className="h-32 w-32 rounded border border-slate-300 object-cover" />
          ) : (
            <div className="flex h-32 w-32 items-center justify-center rounded border border-dashed border-slate-400 text-xs text-slate-600">
              No image
            </div>
          )}
          <div className="min-w-0 flex-1 space-y-2">
            <h2 className="text-2xl font-semibold text-slate-900">{i.name}</h2>
            <div className="flex flex-wrap items-center gap-2">
              <StatusBadge status={i.status} />
              <LiveIndicator status={live} />
            </div>
            <p className="text-3xl font-bold tabular-nums text-slate-900">
              <span data-testid="item-current-stock">{i.currentStock}</span>
              <span className="ml-2 text-sm font-normal text-slate-700">in stock (minimum {i.minThreshold})</span>
            </p>
          </div>
          <div className="flex w-full flex-wrap gap-2 sm:w-auto">
            {can.adjustStock(role) && <Button onClick={() => setAdjusting(true)}>Adjust stock</Button>}
            {can.editItem(role) && (
              <Link to={`/inventory/${i.id}/edit`} className={buttonClasses('secondary')}>
                Edit
              </Link>
            )}
            <Link to={`/labels?ids=${i.id}`} className={buttonClasses('secondary')}>
              Print label
            </Link>
            {can.viewAudit(role) && (
              <Link to={`/audit/items/${i.id}`} className={buttonClasses('secondary')}>
                Audit timeline
              </Link>
            )}
            {can.archiveItem(role) && (
              <Button variant="danger" onClick={() => setConfirmArchive(true)}>
                Archive
              </Button>
            )}
          </div>
        </div>
        <dl className="mt-6 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {[
            ['SKU', i.sku],
            ['Barcode', i.barcode],
            ['Location', i.location],
            ['Shelf', i.shelf],
            ['Category', i.category],
            ['Sub-category', i.subCategory],
            ['Updated', formatDateTime(i.updatedAt)],
          ].map(([k, v]) => (
            <div key={k}>
              <dt className="font-medium text-slate-600">{k}</dt>
              <dd className="text-slate-900 break-words">{v || '—'}</dd>
            </div>
          ))}
          {i.description && (
            <div className="sm:col-span-2 lg:col-span-3">
              <dt className="font-medium text-slate-600">Description</dt>
              <dd className="whitespace-pre-wrap text-slate-900">{i.description}</dd>
            </div>
          )}
        </dl>
      </section>

      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="codes-heading">
        <h2 id="codes-heading" className="text-lg font-semibold text-slate-900">
          Codes
        </h2>
        <div className="mt-3 flex flex-wrap items-end gap-8">
          {png['qr-png'] && <img src={png['qr-png']} alt={`QR code for ${i.name}`} className="h-36 w-36" />}
          {png['code128-png'] && <img src={png['code128-png']} alt={`Code 128 barcode for ${i.name}`} className="h-24 max-w-full" />}
          {!png['qr-png'] && !png['code128-png'] && <p className="text-sm text-slate-700">No codes available.</p>}
        </div>
      </section>

      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-3 text-lg font-semibold text-slate-900">
          Stock history
        </h2>
        <StockHistory itemId={id} />
      </section>

      <StockDialog item={i} open={adjusting} onClose={() => setAdjusting(false)} />
      <Modal open={confirmArchive} title="Archive item" onClose={() => setConfirmArchive(false)}>
        <p className="text-sm text-slate-800">Archive {i.name}? It disappears from the inventory; its history is kept.</p>
        {archive.isError && <Alert className="mt-3">{describeError(archive.error, 'The item could not be archived.')}</Alert>}
        <div className="mt-4 flex justify-end gap-3">
          <Button variant="secondary" onClick={() => setConfirmArchive(false)}>
            Cancel
          </Button>
          <Button variant="danger" busy={archive.isPending} onClick={() => archive.mutate()}>
            Archive
          </Button>
        </div>
      </Modal>
    </div>
  );
}
