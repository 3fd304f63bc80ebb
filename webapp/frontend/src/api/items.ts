import { api } from '@/api/http';
import type { InventoryListQuery, ItemLookup, ItemPage, ItemView } from '@/api/types';

// Item look-ups that several features make (the inventory pages, the scanner, the stock dialog,
// the labels and the transactions' product picker); the inventory feature's hooks wrap them.

export type ListParams = { [K in keyof InventoryListQuery]?: string };

function clean(params: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

export async function fetchItems(params: ListParams): Promise<ItemPage> {
  const { data } = await api.get<ItemPage>('/api/inventory', { params: clean(params) });
  return data;
}

export async function fetchItem(id: string): Promise<ItemView> {
  const { data } = await api.get<ItemLookup>(`/api/inventory/${encodeURIComponent(id)}`);
  return data.item;
}

/** Looks a scanned or typed code up: barcode first, then an exact SKU match through search. */
export async function findByCode(code: string): Promise<ItemView | null> {
  const trimmed = code.trim();
  if (!trimmed) return null;
  try {
    const { data } = await api.get<ItemLookup>(`/api/inventory/barcode/${encodeURIComponent(trimmed)}`, { silent: false });
    return data.item;
  } catch (e) {
    const status = (e as { response?: { status?: number } }).response?.status;
    if (status !== 404) throw e;
  }
  const page = await fetchItems({ search: trimmed, limit: '20' });
  const lower = trimmed.toLowerCase();
  return page.items?.find((i) => i.sku?.toLowerCase() === lower) ?? null;
}
