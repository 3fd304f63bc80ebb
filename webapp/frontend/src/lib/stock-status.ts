import type { StockStatus } from '@/api/types';

/** The server's rule for an item's status, for optimistic updates and screens that only have the numbers. */
export function statusFor(stock: number, minThreshold: number): StockStatus {
  return stock <= 0 ? 'Out of Stock' : stock <= minThreshold ? 'Low Stock' : 'In Stock';
}
