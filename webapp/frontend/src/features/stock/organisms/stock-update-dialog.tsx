import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { fetchItem } from '@/api/items';
import type { ItemView } from '@/api/types';
import { describeError } from '@/api/problem';
import { qk } from '@/api/query-keys';
import { toast } from '@/stores/ui';
import { StockModal } from '@/features/stock/molecules/stock-modal';
import { useAdjustStock } from '@/features/stock/api';
import { useIdempotencyKey } from '@/lib/idempotency';

/** The StockModal wired to the API (optimistic update, rollback with the problem's detail). */
export function StockUpdateDialog({
  item,
  open,
  onClose,
  onDone,
}: {
  item: ItemView;
  open: boolean;
  onClose: () => void;
  onDone?: (updated: ItemView) => void;
}) {
  const mutation = useAdjustStock(item.id!);
  // Subscribes to the cached item (seeded with what the caller has) so the optimistic update shows.
  const live = useQuery({ queryKey: qk.item(item.id!), queryFn: () => fetchItem(item.id!), initialData: item, enabled: open });
  const idem = useIdempotencyKey();
  useEffect(() => {
    if (open) {
      mutation.reset();
      idem.rotate();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, item.id]);
  const stock = mutation.isPending ? (mutation.context?.previous?.currentStock ?? item.currentStock ?? 0) : (live.data?.currentStock ?? 0);

  return (
    <StockModal
      open={open}
      itemName={item.name ?? ''}
      currentStock={stock}
      busy={mutation.isPending}
      serverError={mutation.isError ? describeError(mutation.error, 'The stock could not be updated.') : null}
      onClose={onClose}
      onConfirm={async (adj) => {
        try {
          const body = { type: adj.type, quantity: adj.quantity, reason: adj.reason };
          // The same adjustment retried by the user keeps its key (no double movement); a success rotates it.
          const r = await idem.run({ itemId: item.id, ...body }, (idempotencyKey) => mutation.mutateAsync({ ...body, idempotencyKey }));
          toast(
            `${adj.type === 'addition' ? 'Added' : 'Deducted'} ${adj.quantity} · ${r.item.name} now has ${r.item.currentStock}`,
            'success',
          );
          onDone?.(r.item);
          onClose();
        } catch {
          // shown in the dialog via serverError; the cache was rolled back
        }
      }}
    />
  );
}
