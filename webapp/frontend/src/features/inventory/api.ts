import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { fetchItem, fetchItems, type ListParams } from '@/api/items';
import { qk } from '@/api/query-keys';
import { idempotencyHeaders } from '@/lib/idempotency';
import { useLiveQuery } from '@/api/live';
import type {
  CategoryList,
  CategoryView,
  CreatedItemAnswer,
  CreateItem,
  ItemAnswer,
  ItemView,
  TransactionPage,
  UpdateItem,
} from '@/api/types';

export function useItems(params: ListParams) {
  return useQuery({ queryKey: qk.items(params), queryFn: () => fetchItems(params), placeholderData: keepPreviousData });
}

export function useItem(id: string | undefined) {
  return useQuery({ queryKey: qk.item(id ?? ''), queryFn: () => fetchItem(id!), enabled: !!id });
}

/** An item page kept current by GET /api/stream/items/{id}; returns the stream's state. */
export function useLiveItem(id: string | undefined) {
  return useLiveQuery<ItemAnswer>(
    id ? `/api/stream/items/${encodeURIComponent(id)}` : null,
    'item',
    qk.item(id ?? ''),
    (view) => view.item,
  );
}

export function useItemHistory(id: string, page: number, limit = 10) {
  return useQuery({
    queryKey: qk.history(id, page),
    queryFn: async () =>
      (await api.get<TransactionPage>(`/api/inventory/${encodeURIComponent(id)}/history`, { params: { page, limit } })).data,
    placeholderData: keepPreviousData,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: qk.categories,
    queryFn: async () => (await api.get<CategoryList>('/api/categories')).data.categories ?? [],
    staleTime: 5 * 60_000,
  });
}

/** The tree's top level (categories whose children are sub-categories). */
export function topCategories(categories: CategoryView[]): CategoryView[] {
  return categories.filter((c) => !c.parentId);
}

/** Creates with one multipart request when there is an image, JSON otherwise. */
export async function createItem(body: CreateItem, image?: File | null, idempotencyKey?: string): Promise<ItemView> {
  const headers = idempotencyHeaders(idempotencyKey);
  if (image) {
    const form = new FormData();
    for (const [k, v] of Object.entries(body)) {
      if (v !== undefined && v !== null && v !== '') form.append(k, String(v));
    }
    form.append('image', image);
    const { data } = await api.post<CreatedItemAnswer>('/api/inventory', form, { headers });
    return data.item;
  }
  const { data } = await api.post<CreatedItemAnswer>('/api/inventory', body, { headers });
  return data.item;
}

export async function updateItem(id: string, version: number | undefined, body: UpdateItem, idempotencyKey?: string): Promise<ItemView> {
  const headers = { ...(version !== undefined ? { 'If-Match': `"${version}"` } : {}), ...idempotencyHeaders(idempotencyKey) };
  const r = await api.put<ItemAnswer>(`/api/inventory/${encodeURIComponent(id)}`, body, { headers });
  const item = r.data.item;
  if (item && item.version === undefined) {
    // Fall back to the ETag ("7" or W/"7") for the new version.
    const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(r.headers?.etag ?? '').trim());
    if (m) return { ...item, version: Number(m[1]) };
  }
  return item;
}

export async function uploadImage(id: string, image: File, idempotencyKey?: string): Promise<ItemView> {
  const form = new FormData();
  form.append('image', image);
  const { data } = await api.post<ItemAnswer>(`/api/inventory/${encodeURIComponent(id)}/image`, form, {
    headers: idempotencyHeaders(idempotencyKey),
  });
  return data.item;
}

export async function archiveItem(id: string): Promise<void> {
  await api.delete(`/api/inventory/${encodeURIComponent(id)}`);
}
