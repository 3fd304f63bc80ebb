import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type { AdjustStock, ItemView, LowStockList, MovementAnswer } from '@/api/types';
import { statusFor } from '@/lib/stock-status';
import { idempotencyHeaders } from '@/lib/idempotency';
import { useLiveQuery } from '@/api/live';

export async function adjustStock(id: string, body: AdjustStock, idempotencyKey?: string): Promise<MovementAnswer> {
  const { data } = await api.post<MovementAnswer>(`/api/inventory/${encodeURIComponent(id)}/stock`, body, {
    headers: idempotencyHeaders(idempotencyKey),
    // The dialog shows the error itself.
    silent: true,
  });
  return data;
}

export type AdjustStockVariables = AdjustStock & { idempotencyKey?: string };

/** Optimistic stock movement: the cached item moves at once and is rolled back on error. */
export function useAdjustStock(itemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: AdjustStockVariables) => adjustStock(itemId, body, idempotencyKey),
    onMutate: async (body) => {
      await queryClient.cancelQueries({ queryKey: qk.item(itemId) });
      const previous = queryClient.getQueryData<ItemView>(qk.item(itemId));
      if (previous) {
        const stock = (previous.currentStock ?? 0) + (body.type === 'addition' ? body.quantity : -body.quantity);
        queryClient.setQueryData<ItemView>(qk.item(itemId), {
          ...previous,
          currentStock: stock,
          status: statusFor(stock, previous.minThreshold ?? 0),
        });
      }
      return { previous };
    },
    onError: (_e, _body, context) => {
      if (context?.previous) queryClient.setQueryData(qk.item(itemId), context.previous);
    },
    onSuccess: (data) => {
      if (data?.item) queryClient.setQueryData(qk.item(itemId), data.item);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: qk.item(itemId) });
      void queryClient.invalidateQueries({ queryKey: qk.items() });
      void queryClient.invalidateQueries({ queryKey: qk.history(itemId) });
      void queryClient.invalidateQueries({ queryKey: qk.dashboard });
      void queryClient.invalidateQueries({ queryKey: qk.transactions() });
      void queryClient.invalidateQueries({ queryKey: qk.lowStock });
    },
  });
}

export function useLowStock() {
  return useQuery({
    queryKey: qk.lowStock,
    queryFn: async () => (await api.get<LowStockList>('/api/inventory/low-stock', { params: { limit: 100 } })).data.items ?? [],
  });
}

/** The low-stock board, kept current by GET /api/stream/low-stock; returns the stream's state. */
export function useLiveLowStock() {
  return useLiveQuery<LowStockList>('/api/stream/low-stock', 'low-stock', qk.lowStock, (view) => view.items ?? []);
}
