import type { ItemView } from '@/api/types';

/** A complete item as the server sends it (every field present, the optional ones null); override what matters. */
export function anItem(overrides: Partial<ItemView> = {}): ItemView {
  return {
    id: 'i1',
    sku: 'SKU-1',
    name: 'Widget',
    barcode: 'STK-00000001',
    currentStock: 5,
    minThreshold: 2,
    status: 'In Stock',
    location: 'Warehouse A',
    categoryId: null,
    category: null,
    subCategoryId: null,
    subCategory: null,
    shelf: null,
    description: null,
    imageRef: null,
    imageUrl: null,
    barcodeUrls: {},
    archived: false,
    version: 3,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}
